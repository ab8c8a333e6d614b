#!/usr/bin/env bash
# Private PostgreSQL + pgsphere clusters on loopback, from the system's PostgreSQL binaries.
# Used by ./vo (db up/down, test) and by the test fixture (PgFixture); the one place that knows
# how to install, start, stop and prepare a cluster.
#
#   pg-cluster.sh packages              install PostgreSQL 15 + pgsphere + WCSLIB when missing (Debian)
#   pg-cluster.sh start DATADIR PORT    initdb on first use, then start (idempotent)
#   pg-cluster.sh stop DATADIR          stop if running (idempotent)
#   pg-cluster.sh createdb URL          create URL's database if missing and install pg_sphere in it
#
# A cluster's superuser is "vo", with trust authentication on 127.0.0.1 only and no Unix socket.
set -euo pipefail

PG_MAJOR=15
PG_BIN=${VO_PG_BIN:-/usr/lib/postgresql/$PG_MAJOR/bin}
SUPERUSER=vo

die() { echo "pg-cluster: $*" >&2; exit 1; }

# initdb refuses to run as root: as root, the cluster belongs to the unprivileged 'postgres' user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

need_debs() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=("postgresql-$PG_MAJOR")
  ls /usr/share/postgresql/$PG_MAJOR/extension/pg_sphere.control >/dev/null 2>&1 || missing+=("postgresql-$PG_MAJOR-pgsphere")
  command -v psql >/dev/null 2>&1 || missing+=("postgresql-client-$PG_MAJOR")
  compgen -G "/usr/lib/*/libwcs.so.7" >/dev/null || missing+=(libwcs7)
  compgen -G "/usr/lib/*/libchealpix.so.0" >/dev/null || missing+=(libchealpix0)
  echo "${missing[@]:-}"
}

cmd_packages() {
  local missing; missing=$(need_debs)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "pg-cluster: installing $missing" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
  else
    die "missing packages: $missing. On Debian/Ubuntu: sudo apt-get install $missing; elsewhere install PostgreSQL $PG_MAJOR with pgsphere 1.2, WCSLIB 7 and chealpix, and set VO_PG_BIN to PostgreSQL's bin directory."
  fi
}

cmd_start() {
  local data=$1 port=$2
  [ -x "$PG_BIN/pg_ctl" ] || cmd_packages
  mkdir -p "$data"
  data=$(cd "$data" && pwd)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$data"; chmod 700 "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$PG_BIN/initdb" -D "$data" -U "$SUPERUSER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  # Settings are rewritten at every start, so a changed port takes effect.
  as_owner tee "$data/postgresql.auto.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = ${VO_PG_MAX_CONNECTIONS:-100}
shared_buffers = '256MB'
fsync = ${VO_PG_FSYNC:-on}
logging_collector = off
CONF
  if as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then return 0; fi
  as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$data/server.log" >&2; die "PostgreSQL did not start (log: $data/server.log)"; }
}

cmd_stop() {
  local data=$1
  [ -f "$data/PG_VERSION" ] || return 0
  if as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -w -t 60 -m fast stop >/dev/null
  fi
}

# pgsphere 1.2.0 on PostgreSQL 15.20: CREATE EXTENSION fails with "commutator operator @> is already
# the commutator of operator <@", raised by the legacy '@' operators at the end of the extension
# script. Dropping the COMMUTATOR/NEGATOR clauses of just those operators makes it load (the modern
# operators ADQL uses are untouched). Applied only when that error is seen, so a fixed pgsphere is
# left alone; the original is kept beside it as .orig.
fix_pgsphere() {
  local script
  script=$(ls /usr/share/postgresql/$PG_MAJOR/extension/pg_sphere--*.sql | grep -E 'pg_sphere--[0-9.]+\.sql$' | sort -V | tail -1)
  [ -w "$script" ] || die "pgsphere needs the documented fix in $script (see shared/ENVIRONMENT.md); run ./vo db up once as root"
  [ -f "$script.orig" ] || cp "$script" "$script.orig"
  awk '
    /backwards-compatible operators/ { legacy = 1 }
    legacy && /^CREATE OPERATOR @ \(/ { inop = 1 }
    inop && /^\);/ { inop = 0 }
    inop && /^[[:space:]]*(COMMUTATOR|NEGATOR)[[:space:]]*=/ { next }
    { print }
  ' "$script.orig" > "$script.tmp" && mv "$script.tmp" "$script"
  echo "pg-cluster: applied the pgsphere legacy-operator fix to $script" >&2
}

cmd_createdb() {
  local url=$1
  local db=${url##*/}; db=${db%%\?*}
  local admin=${url%/*}/postgres
  if [ -z "$(psql "$admin" -XAtqc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql "$admin" -Xqc "CREATE DATABASE \"$db\"" >/dev/null
  fi
  local out
  if ! out=$(psql "$url" -Xqv ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS pg_sphere' 2>&1); then
    case "$out" in
      *"is already the commutator"*)
        fix_pgsphere
        psql "$url" -Xqv ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS pg_sphere' >/dev/null ;;
      *) echo "$out" >&2; die "could not install pg_sphere in $db" ;;
    esac
  fi
}

case "${1:-}" in
  packages) cmd_packages ;;
  start) [ $# = 3 ] || die "usage: start DATADIR PORT"; cmd_start "$2" "$3" ;;
  stop) [ $# = 2 ] || die "usage: stop DATADIR"; cmd_stop "$2" ;;
  createdb) [ $# = 2 ] || die "usage: createdb URL"; cmd_createdb "$2" ;;
  *) die "usage: pg-cluster.sh packages | start DATADIR PORT | stop DATADIR | createdb URL" ;;
esac
