#!/usr/bin/env bash
# deps.sh installs, from Debian's packages, what boardpack needs beside Go:
# Chromium to print the board packs, fonts, and with --test the poppler
# tools the PDF tests read packs with and PostgreSQL, whose server the
# warehouse tests start and stop in a temporary folder. It installs only
# what is missing, so running it again does nothing.
set -euo pipefail

packages=(chromium fonts-dejavu-core fonts-liberation)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(poppler-utils)
  # Any installed PostgreSQL server will do; Debian's "postgresql" is the
  # current one.
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
    packages+=(postgresql)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "deps.sh: need root to install ${missing[*]}: run as root or install sudo" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
