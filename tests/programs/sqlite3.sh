#!/usr/bin/env bash
# tests/programs/sqlite3.sh: the SQLite shell creates, fills, queries, attaches and vacuums
# databases in a rw dir, reading SQL from a ro dir; temporary files go to a granted tmp/.
source "$(dirname "$0")/harness.sh" sqlite3 "$@"

mkdir db tmp sql
cp "$data"/sqlite3/*.sql sql/
{
  echo "name,age,city"
  awk 'BEGIN { split("Oslo Lima Pune Kyiv Accra Quito", c, " ");
               for (i = 1; i <= 300; i++) printf "person %d,%d,%s\n", i, 18 + (i * 37) % 60, c[1 + i % 6] }'
} >sql/people.csv

tmp=(--rw tmp --env TMPDIR=tmp)
run_step "create and fill a database" --rw db --ro sql "${tmp[@]}" --stdin sql/create.sql -- db/main.db
run_step "query with joins, windows, JSON and FTS5" --rw db --ro sql "${tmp[@]}" \
  --stdin sql/query.sql -- -batch db/main.db
run_step "import CSV and write a report file" --rw db --ro sql "${tmp[@]}" \
  --stdin sql/import.sql -- db/main.db
run_step "attach a second database" --rw db --ro sql "${tmp[@]}" --stdin sql/attach.sql -- db/main.db
run_step "vacuum in place and into a copy" --rw db --ro sql "${tmp[@]}" --stdin sql/vacuum.sql -- db/main.db
run_step "SQL given as arguments" --rw db "${tmp[@]}" -- db/copy.db \
  "SELECT count(*), sum(amount) FROM sale" "SELECT name FROM item ORDER BY id DESC LIMIT 3"
run_step ".read a script from the ro dir" --rw db --ro sql "${tmp[@]}" -- db/main.db ".read sql/query.sql"
run_step "dump the database" --rw db "${tmp[@]}" -- db/main.db .dump
run_step "open read-only" --rw db "${tmp[@]}" -- -readonly db/archive.db "SELECT count(*) FROM old_sale"
run_step "-bail stops at an error with exit 1" --rw db --ro sql "${tmp[@]}" --stdin sql/bad.sql \
  --expect 1 -- -bail db/main.db
finish
