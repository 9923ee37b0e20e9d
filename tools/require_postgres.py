"""Exit 0 when PostgreSQL at the given URL answers, 1 otherwise (used by `make test-postgres`)."""

import sys

import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/postgres"
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    with psycopg.connect(base, connect_timeout=5) as conn:
        conn.execute("SELECT 1")
except psycopg.Error as exc:
    print(f"PostgreSQL: {exc}", file=sys.stderr)
    sys.exit(1)
