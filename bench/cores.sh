#!/bin/sh
# Do the machine's two vCPUs give two cores' worth of work? Each probe runs alone, then
# two copies at once: a float32 GEMM on one BLAS thread (FMA-bound) and an integer loop
# (latency-bound); last, one GEMM on two BLAS threads. Every GEMM line prints its
# CPU/wall, so a BLAS that took more threads than asked shows. Figures:
# docs/benchmarks.md. Run on an otherwise idle machine: sh bench/cores.sh
cd "$(dirname "$0")/cores" || exit 1
for probe in "/usr/bin/python3 gemm.py 1" "node spin.js"; do
  echo "alone:"; $probe
  echo "two at once:"; $probe & $probe; wait
done
echo "one product on two threads:"; /usr/bin/python3 gemm.py 2
