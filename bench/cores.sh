#!/bin/sh
# Do the machine's two vCPUs give two cores' worth of work? Each probe runs alone, then
# two copies at once: a float32 GEMM (FMA-bound) and an integer loop (latency-bound).
# On the development VM the GEMM got no gain from the second vCPU and the loop got 2x
# (docs/benchmarks.md). Run on an otherwise idle machine: sh bench/cores.sh
cd "$(dirname "$0")/cores" || exit 1
for probe in "/usr/bin/python3 gemm.py" "node spin.js"; do
  echo "alone:"; $probe
  echo "two at once:"; $probe & $probe; wait
done
