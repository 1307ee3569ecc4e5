# A 600 x 784 x 500 float32 product (W1's first layer at batch 600, 500 units), one
# thread, repeated for 4 s: products per second. Needs Debian's python3-torch.
import time
import torch

torch.set_num_threads(1)
a = torch.randn(600, 784)
b = torch.randn(784, 500)
for _ in range(20):
    a @ b
start = time.time()
n = 0
while time.time() - start < 4:
    a @ b
    n += 1
print(f"gemm {n / (time.time() - start):.1f} products/s")
