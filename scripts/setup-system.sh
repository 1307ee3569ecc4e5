#!/usr/bin/env bash
# Installs the Debian packages mtl's tests use beside npm's: redis-server (the
# queue behind `mtl sweep --queue` / `mtl worker`), openssl (the queue tests
# make a throwaway CA for a TLS redis-server), chromium (the headless
# browser that opens `mtl report --format html` in the tests) and python3-onnx
# (the ONNX project's checker, which the tests run on `mtl compile --emit onnx`'s graphs), and a C
# compiler (gcc, libc6-dev) for the onnx backend's native loss kernel, which `npm run build`
# compiles (scripts/build-native.mjs; without it the loss stays in the graphs). Installs only
# what is missing, so running it again is cheap; needs root (or sudo) and apt.
#   sudo bash scripts/setup-system.sh
# With --bench it also installs what `npm run bench` runs beside mtl: the PyTorch
# peer (Debian's python3-torch, run by /usr/bin/python3) and OpenBLAS. Without
# libopenblas0-pthread, python3-torch links the reference BLAS and the peer runs
# ~6x slower than it can (measured: 5,844 against 34,391 samples/s on W1), which
# would flatter mtl; the bench prints the BLAS the peer loaded.
#   sudo bash scripts/setup-system.sh --bench
set -euo pipefail

bench=0
for arg in "$@"; do
  case "$arg" in
    --bench) bench=1 ;;
    *) echo "setup-system: unknown option $arg (only --bench)" >&2; exit 2 ;;
  esac
done

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
/usr/bin/python3 -c 'import onnx' >/dev/null 2>&1 || missing+=(python3-onnx)
command -v "${CC:-cc}" >/dev/null 2>&1 || missing+=(gcc libc6-dev)
if [ "$bench" -eq 1 ]; then
  /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
  [ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] \
    || [ -e /usr/lib/aarch64-linux-gnu/openblas-pthread/libblas.so.3 ] \
    || missing+=(libopenblas0-pthread)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: everything is present"
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
