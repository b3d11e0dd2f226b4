#!/usr/bin/env bash
# bench.sh measures the build budgets. Each figure that a budget compares
# with another is measured side by side in one run, alternating the
# commands round by round so that the machine's load falls on each alike:
# the median, the best and the worst of the rounds are shown.
#
# - 100,000 accounts x 36 months (about 2.2M rows of ARR, 1,000 CSM pages,
#   3.6M rows of weekly usage and 1M tickets): `boardpack build --no-pdf`
#   without and with the leading-indicator extracts, against the parse
#   floor (scripts/parsefloor: the least a program does to read
#   arr_monthly.csv into figures) and, where node and npm are there,
#   DuckDB's trailing-year retention query over the same CSV (installed
#   from npm into a cache folder for this script alone; BENCH_DUCKDB=0
#   skips it).
# - With BENCH_1M=1, 1,000,000 accounts (a minute to generate, 2.7 GB):
#   the build's time and peak memory, and its growth from 100,000.
# - The 146,000-account company of the indicators' 5.2M-row budget, and the
#   board packs of the sample.
#
# The Go benchmarks measure parts apart: BenchmarkBuild100k (internal/cli),
# BenchmarkSignals (internal/load) and BenchmarkIndicators100k (metrics).
# Usage: scripts/bench.sh [runs]   (default 5 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
if [[ ! -x /usr/bin/time ]]; then # GNU time reports the peak memory
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get install -y -qq time >/dev/null
fi
work=$(mktemp -d)
shm=$(mktemp -d /dev/shm/boardpack-bench.XXXXXX)
trap 'rm -rf "$work" "$shm"' EXIT
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

go build -o "$work/boardpack" ./cmd/boardpack
go build -o "$work/parsefloor" ./scripts/parsefloor
go run ./sample-data/gen -accounts 100000 -months 36 -end 2026-10 -out "$work" >/dev/null
mkdir "$work/big" && mv "$work"/*.csv "$work/big/"
echo "100k data: $(($(wc -l < "$work/big/arr_monthly.csv") - 1)) ARR rows, $(($(wc -l < "$work/big/usage_weekly.csv") - 1)) usage rows, $(($(wc -l < "$work/big/tickets.csv") - 1)) tickets, $(du -sm "$work/big" | cut -f1) MB"
# The same company without the leading-indicator extracts.
base() { # data-dir base-dir
  mkdir "$2"
  for f in accounts arr_monthly cs_costs revenue_monthly initiatives assessments; do
    ln -s "$1/$f.csv" "$2/$f.csv"
  done
}
base "$work/big" "$work/base"

# DuckDB's retention query, timed inside node from the query's start, so
# that neither node's start nor the library's load counts against it.
duckdb=()
if [[ ${BENCH_DUCKDB:-1} != 0 ]] && command -v node >/dev/null && command -v npm >/dev/null; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/boardpack-bench/duckdb"
  if [[ ! -d $cache/node_modules/@duckdb/node-api ]]; then
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-audit --no-fund --silent @duckdb/node-api@1.5.6-r.1 >/dev/null
  fi
  cat >"$cache/retention.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const [file, from, to] = process.argv.slice(2);
const con = await (await DuckDBInstance.create(':memory:')).connect();
const t0 = process.hrtime.bigint();
const r = await con.runAndReadAll(`
  WITH a AS (SELECT account_id, month, sum(arr) AS arr FROM read_csv('${file}', header = true,
               columns = {'account_id': 'VARCHAR', 'month': 'VARCHAR', 'arr': 'DECIMAL(18,2)'}) GROUP BY ALL),
       s AS (SELECT account_id, arr FROM a WHERE month = '${from}' AND arr > 0),
       e AS (SELECT account_id, arr FROM a WHERE month = '${to}')
  SELECT sum(coalesce(e.arr, 0)) / sum(s.arr), sum(least(coalesce(e.arr, 0), s.arr)) / sum(s.arr),
         count(e.arr) FILTER (WHERE e.arr > 0) / count(*)
  FROM s LEFT JOIN e USING (account_id)`);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const [nrr, grr, logo] = r.getRows()[0].map(Number);
console.log(`${ms.toFixed(0)} NRR ${(100 * nrr).toFixed(1)}% GRR ${(100 * grr).toFixed(1)}% logo retention ${(100 * logo).toFixed(1)}%`);
JS
  duckdb=(node "$cache/retention.mjs")
fi

# run NAME CMD...: runs CMD once, adding its wall time in ms to the list
# times_NAME and its peak RSS in KB to peak_NAME.
declare -A times peak
run() {
  local name=$1 t0 t1 rss
  shift
  t0=$(date +%s%N)
  rss=$( { /usr/bin/time -f '%M' "$@" >/dev/null; } 2>&1 | tail -1)
  t1=$(date +%s%N)
  times[$name]+="$(( (t1 - t0) / 1000000 )) "
  (( rss > ${peak[$name]:-0} )) && peak[$name]=$rss
  return 0
}
# stat NAME: the median, best and worst of NAME's times.
median() { tr ' ' '\n' <<<"${times[$1]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
stat() {
  local s; s=$(tr ' ' '\n' <<<"${times[$1]}" | grep . | sort -n | tr '\n' ' ')
  printf '%-34s median %6d ms (best %d, worst %d of %d), peak RSS %4d MB\n' "$2" "$(median "$1")" \
    "$(cut -d' ' -f1 <<<"$s")" "$(awk '{print $NF}' <<<"$s")" "$runs" $((${peak[$1]} / 1024))
}
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN {printf "%.2f", a / b}'; }

echo "100k side by side, $runs rounds (output on tmpfs):"
for _ in $(seq "$runs"); do
  run floor "$work/parsefloor" "$work/base/arr_monthly.csv"
  run base "$work/boardpack" build --data "$work/base" --out "$shm/out" --no-pdf --quiet
  run big "$work/boardpack" build --data "$work/big" --out "$shm/out" --no-pdf --quiet
  if (( ${#duckdb[@]} )); then
    # The query's own time, as node prints it; its peak RSS is node's.
    t=$( { /usr/bin/time -f '%M' "${duckdb[@]}" "$work/base/arr_monthly.csv" 2025-10 2026-10 >"$work/duck.out"; } 2>&1 | tail -1)
    times[duckdb]+="$(cut -d' ' -f1 "$work/duck.out") "
    (( t > ${peak[duckdb]:-0} )) && peak[duckdb]=$t
  fi
done
stat floor "parse floor (arr_monthly.csv)"
stat base "100k build --no-pdf"
stat big "100k build --no-pdf, all extracts"
echo "100k build / parse floor: $(ratio base floor)x (budget 2x)"
if (( ${#duckdb[@]} )); then
  stat duckdb "DuckDB retention query"
  echo "  DuckDB says: $(cut -d' ' -f2- "$work/duck.out")"
  echo "100k build / DuckDB query: $(ratio base duckdb)x (budget 0.35x)"
fi

if [[ ${BENCH_1M:-0} != 0 ]]; then
  go run ./sample-data/gen -accounts 1000000 -months 36 -end 2026-10 -out "$work/m1" >/dev/null
  base "$work/m1" "$work/m1base"
  rm -f "$work"/m1/{usage_weekly,tickets,contacts,nps,renewals}.csv
  echo "1M side by side, $runs rounds:"
  for _ in $(seq "$runs"); do
    run floor1m "$work/parsefloor" "$work/m1base/arr_monthly.csv"
    run base1m "$work/boardpack" build --data "$work/m1base" --out "$shm/out1m" --no-pdf --quiet
  done
  stat floor1m "parse floor, 1M"
  stat base1m "1M build --no-pdf"
  echo "1M build / parse floor: $(ratio base1m floor1m)x; growth from 100k: $(ratio base1m base)x (budget 11x)"
  rm -rf "$work/m1" "$work/m1base" "$shm/out1m"
fi

measure() { # name data-dir out-dir
  local name=$1 data=$2 out=$3 best=999999 peak=0
  for _ in $(seq "$runs"); do
    local t0 t1 rss ms
    t0=$(date +%s%N)
    rss=$( { /usr/bin/time -f '%M' "$work/boardpack" build --data "$data" --out "$out" --no-pdf --quiet >/dev/null; } 2>&1 | tail -1)
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    (( ms < best )) && best=$ms
    (( rss > peak )) && peak=$rss
  done
  printf '%-28s best %5d ms of %d runs, peak RSS %4d MB\n' "$name" "$best" "$runs" $((peak / 1024))
}
measure "sample, out on disk" sample-data "$work/out"
measure "100k, out on disk" "$work/big" "$work/out"

# The indicators' budget is 5.2M rows of weekly usage: the demo company
# reaches it at 146,000 accounts, where churned and future accounts have no
# usage (it also has 1.5M tickets and 3.2M rows of ARR, more than the
# budget's). Run from a folder without boardpack.toml: the company's site
# alone, no scoped packs.
go run ./sample-data/gen -accounts 146000 -months 36 -end 2026-10 -out "$work/w52" >/dev/null
base "$work/w52" "$work/w52base"
echo "146k data: $(($(wc -l < "$work/w52/usage_weekly.csv") - 1)) usage rows, $(($(wc -l < "$work/w52/tickets.csv") - 1)) tickets"
(cd "$work" && measure "146k, tmpfs" "$work/w52" "$shm/out52")
(cd "$work" && measure "146k without indicators" "$work/w52base" "$shm/out52")

# Board packs: the time they add to the sample build, and the peak memory
# of boardpack and Chromium together (summed over the process tree, sampled
# every 50 ms) when printing the company's, every segment's and every CSM's
# packs.
treerss() { # pid: the summed proportional set size (PSS) in KB of pid and its descendants;
  # PSS shares each shared page out among the processes mapping it, so the sum does not
  # count Chromium's shared memory once per process as RSS would.
  local pids=$1 all=$1 next p total=0 kb
  while [[ -n $pids ]]; do
    next=$(for p in $pids; do pgrep -P "$p" || true; done | tr '\n' ' ')
    all="$all $next"; pids=${next// /}
    [[ -n $pids ]] && pids=$next
  done
  for p in $all; do
    kb=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}
packs() { # name config-extra: best wall ms and peak tree RSS of a build with packs
  local name=$1 extra=$2 best=999999 peak=0
  cp boardpack.toml "$work/packs.toml"
  sed -i '/^\[packs\]/,$d' "$work/packs.toml"
  printf '[packs]\n%s\n' "$extra" >>"$work/packs.toml"
  sed -i "s|^data = .*|data = \"$PWD/sample-data\"|; s|^content = .*|content = \"$PWD/content\"|" "$work/packs.toml"
  for _ in $(seq "$runs"); do
    local t0 t1 pid rss ms
    t0=$(date +%s%N)
    "$work/boardpack" build --config "$work/packs.toml" --out "$work/out" --quiet &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(treerss "$pid"); (( rss > peak )) && peak=$rss
      sleep 0.05
    done
    wait "$pid"
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    (( ms < best )) && best=$ms
  done
  printf '%-28s best %5d ms of %d runs, peak PSS with Chromium %4d MB (%d PDFs)\n' "$name" "$best" "$runs" $((peak / 1024)) "$(ls "$work/out/packs/"*.pdf | wc -l)"
}
if command -v chromium >/dev/null; then
  packs "sample, company pack" 'segments = []'
  packs "sample, + segment packs" 'segments = "all"'
  packs "sample, + every CSM's pack" 'segments = "all"
csms = "all"'
fi

# Creating a file is a metadata operation whose cost belongs to the disk:
# print it, so the on-disk figures can be read against it.
mkdir "$work/floor"
t0=$(date +%s%N)
for i in $(seq 1000); do : >"$work/floor/$i"; done
t1=$(date +%s%N)
echo "this disk creates 1,000 empty files in $(( (t1 - t0) / 1000000 )) ms"
