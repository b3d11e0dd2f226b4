#!/usr/bin/env bash
# bench.sh measures the build budgets: wall time and peak memory of
# `boardpack build --no-pdf` on the 2,000-account sample and on a generated
# company of 100,000 accounts x 36 months (about 2.2M rows of ARR, 1,000
# CSM pages, 3.6M rows of weekly usage and 1M tickets), with and without
# its leading-indicator extracts, so that their cost reads as the
# difference. The Go benchmarks BenchmarkSignals (internal/load: 5.2M usage
# rows and 1M tickets) and BenchmarkIndicators100k (metrics) measure the
# indicators' loading and computing apart.
# Usage: scripts/bench.sh [runs]   (default 5 runs each; the best is shown)
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

go build -o "$work/boardpack" ./cmd/boardpack
go run ./sample-data/gen -accounts 100000 -months 36 -end 2026-10 -out "$work" >/dev/null
mkdir "$work/big" && mv "$work"/*.csv "$work/big/"
echo "100k data: $(($(wc -l < "$work/big/arr_monthly.csv") - 1)) ARR rows, $(($(wc -l < "$work/big/usage_weekly.csv") - 1)) usage rows, $(($(wc -l < "$work/big/tickets.csv") - 1)) tickets, $(du -sm "$work/big" | cut -f1) MB"
# The same company without the leading-indicator extracts.
mkdir "$work/base"
for f in accounts arr_monthly cs_costs revenue_monthly initiatives assessments; do
  ln -s "$work/big/$f.csv" "$work/base/$f.csv"
done

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
measure "100k, out in memory (tmpfs)" "$work/big" "$shm/out"
measure "100k without indicators, tmpfs" "$work/base" "$shm/out"

# The indicators' budget is 5.2M rows of weekly usage: the demo company
# reaches it at 146,000 accounts, where churned and future accounts have no
# usage (it also has 1.5M tickets and 3.2M rows of ARR, more than the
# budget's). Run from a folder without boardpack.toml: the company's site
# alone, no scoped packs.
go run ./sample-data/gen -accounts 146000 -months 36 -end 2026-10 -out "$work/w52" >/dev/null
mkdir "$work/w52base"
for f in accounts arr_monthly cs_costs revenue_monthly initiatives assessments; do
  ln -s "$work/w52/$f.csv" "$work/w52base/$f.csv"
done
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
