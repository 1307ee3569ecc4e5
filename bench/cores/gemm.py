# A 600 x 784 x 500 float32 product (W1's first layer at batch 600, 500 units),
# repeated for 4 s: products per second. Needs Debian's python3-torch.
# Usage: gemm.py [THREADS] (default 1). Debian's OpenBLAS is the pthreads build: it
# reads its thread count from the environment when torch loads it and ignores
# torch.set_num_threads, so the count is set here, before the import.
import os
import sys

threads = sys.argv[1] if len(sys.argv) > 1 else "1"
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = threads

import time  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(int(threads))
a = torch.randn(600, 784)
b = torch.randn(784, 500)
for _ in range(20):
    a @ b
start = time.time()
cpu = time.process_time()
n = 0
while time.time() - start < 4:
    a @ b
    n += 1
wall = time.time() - start
print(f"gemm ({threads} thread(s)) {n / wall:.1f} products/s, cpu/wall {(time.process_time() - cpu) / wall:.2f}")
