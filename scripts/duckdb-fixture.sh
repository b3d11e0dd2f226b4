#!/usr/bin/env bash
# duckdb-fixture.sh writes internal/load/testdata/duckdb/mixed.parquet with
# DuckDB (from npm, in a temporary folder), so that the Parquet reader is
# tested against a file another engine wrote, not only its own writer:
# DECIMAL(18,2) and DECIMAL(38,2) money, DATE months and days, TIMESTAMP
# times, NULLs, zstd pages and several row groups. The file is committed;
# run this only to write it anew.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/internal/load/testdata/duckdb/mixed.parquet"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent @duckdb/node-api@1.5.6-r.1 >/dev/null
cat >write.mjs <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`
  COPY (
    SELECT 'A' || lpad(i::varchar, 5, '0') AS account_id,
           (DATE '2024-01-01' + INTERVAL (i % 24) MONTH)::DATE AS month,
           (i * 12345 / 100.0)::DECIMAL(18, 2) AS arr,
           CASE WHEN i % 7 = 0 THEN NULL ELSE (-i / 100.0)::DECIMAL(38, 2) END AS big,
           (DATE '2026-10-31' - i::INTEGER)::DATE AS day,
           TIMESTAMPTZ '2026-10-31 14:05:00+00' + INTERVAL (i) SECOND AS at,
           i % 5 AS n
    FROM range(1, 2501) AS t(i)
  ) TO '${process.argv[2]}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000)`);
JS
node write.mjs "$out"
echo "wrote $out"
