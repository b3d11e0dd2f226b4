#!/usr/bin/env bash
# sample.sh builds the sample report (the site, metrics.json and the board
# pack) of the demo company in sample-data/ into the folder given, public/
# by default.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-public}"
command -v go >/dev/null || { echo "sample.sh: Go 1.26 or later is needed: https://go.dev/doc/install" >&2; exit 1; }
scripts/deps.sh
go run ./cmd/boardpack build --out "$out"
