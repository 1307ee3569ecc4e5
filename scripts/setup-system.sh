#!/usr/bin/env bash
# Installs the Debian packages mtl's tests use beside npm's: redis-server (the
# queue behind `mtl sweep --queue` / `mtl worker`), openssl (the queue tests
# make a throwaway CA for a TLS redis-server) and chromium (the headless
# browser that opens `mtl report --format html` in the tests). Installs only
# what is missing, so running it again is cheap; needs root (or sudo) and apt.
#   sudo bash scripts/setup-system.sh
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: redis-server, openssl and chromium are present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-system: need root to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
command -v apt-get >/dev/null 2>&1 || { echo "setup-system: apt-get not found; install ${missing[*]} by hand" >&2; exit 1; }

echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "setup-system: installed ${missing[*]}"
