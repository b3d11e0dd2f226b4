#!/usr/bin/env bash
# test.sh runs the whole test suite: unit and table tests, golden files,
# end-to-end CLI scripts, and the real-browser and PDF checks.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || { echo "test.sh: Go 1.26 or later is needed: https://go.dev/doc/install" >&2; exit 1; }
scripts/deps.sh --test
go vet ./...
go test -count=1 "$@" ./...
