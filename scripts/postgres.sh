#!/usr/bin/env bash
# Makes a PostgreSQL server available on 127.0.0.1:5432 for the test suite:
# installs Debian's package if needed, starts the cluster, and creates a
# `seawall_test` role allowed to create the throw-away test databases.
# Prints the admin URL the tests use (SEAWALL_TEST_POSTGRES_URL).
set -euo pipefail

as_postgres() { runuser -u postgres -- "$@"; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "==> installing PostgreSQL (Debian package)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  echo "==> starting PostgreSQL $version" >&2
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  as_postgres pg_isready -q -h 127.0.0.1 && break
  sleep 1
done

as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'seawall_test') THEN
    CREATE ROLE seawall_test LOGIN CREATEDB PASSWORD 'seawall_test';
  END IF;
END $$;
SQL

# Databases left behind by earlier runs.
for db in $(as_postgres psql -At -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'seawall_test_%'"); do
  as_postgres dropdb --if-exists "$db" >&2
done

echo "postgres://seawall_test:seawall_test@127.0.0.1:5432/postgres"
