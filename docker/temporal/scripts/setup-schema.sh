#!/bin/sh
# The temporal-schema job (temporalio/admin-tools, same version as temporalio/server): creates
# the databases temporal and temporal_visibility where missing and brings both schemas up to the
# versions the server release ships. Idempotent: run on every `docker compose up`. The compose
# drill of `npm test` runs this same file with the temporal-sql-tool it builds at that version.
set -eu
: "${POSTGRES_SEEDS:?POSTGRES_SEEDS (PostgreSQL host) must be set}"
: "${POSTGRES_USER:?POSTGRES_USER (the role temporal) must be set}"
: "${POSTGRES_PWD:?POSTGRES_PWD (its password) must be set}"
SCHEMA_DIR="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
# Read by temporal-sql-tool, so the password is never on a command line.
SQL_PASSWORD="$POSTGRES_PWD"
export SQL_PASSWORD

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"
}

setup() {
  database="$1"
  versioned="$2"
  echo "temporal-schema: $database"
  if ! out="$(sql_tool --db "$database" create 2>&1)"; then
    case "$out" in
      *"already exists"*) echo "temporal-schema: database $database exists" ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$SCHEMA_DIR/$versioned"
}

setup temporal temporal/versioned
setup temporal_visibility visibility/versioned
echo "temporal-schema: done"
