// The sigmoid cross-entropy of a DAE's decoder in one pass over memory: a
// Node-API addon the onnx backend runs between the two graphs of a
// reconstruction step (src/runtime/onnx/fuse-loss.ts). Inside one ONNX graph
// the same math takes about ten passes over [rows, n] arrays (σ(z), dz, Σ dz,
// and J_r's chain); here it is one read of z and x and one write of dz
// (docs/benchmarks.md, "The loss in one native pass").
//
// From the decoder's pre-activation z and the target x ([rows, cols], row
// major), z's bias added first when one is given (ONNX Runtime's Gemm would
// write it over the whole of z first: a pass saved), it writes
//   dz[r][c]    = σ(z) − x                       (dJ/dz, Eq. 2's gradient)
//   colsum[c]   = Σ_r dz[r][c]                   (the decoder bias's gradient)
// and returns J = Σ softplus(z) − x·z, with softplus(z) = relu(z) − log σ(|z|)
// and σ(|z|) = 1 / (1 + e^−|z|) ∈ [0.5, 1]. As the emitted graph's sumLog
// does, the logs are taken of products: each column's product of σ(|z|) over
// a block of rows (0.5^BLOCK stays a normal float), its exponent moved into an
// integer after each block, one log per column at the end.
//
// Written with GCC's vector extensions (16 floats a vector) so the selects are
// bit masks: no fast-math flag, NaN and infinities go through as the formulas
// say. target_clones picks AVX-512, AVX2 or the baseline when the addon loads.
// exp is Cephes' expf (range reduction by ln 2, a degree-6 polynomial).
#include "kernels.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

#define LANES 16
#define BLOCK 96

typedef float vf __attribute__((vector_size(LANES * 4)));
typedef int32_t vi __attribute__((vector_size(LANES * 4)));

static inline vf splat(float v) {
  vf r;
  for (int i = 0; i < LANES; i++) r[i] = v;
  return r;
}

static inline vf select(vi mask, vf yes, vf no) {
  vi y, n;
  memcpy(&y, &yes, sizeof y);
  memcpy(&n, &no, sizeof n);
  vi r = (y & mask) | (n & ~mask);
  vf out;
  memcpy(&out, &r, sizeof out);
  return out;
}

static inline vf vabs(vf x) {
  vi bits;
  memcpy(&bits, &x, sizeof bits);
  bits &= 0x7fffffff;
  vf out;
  memcpy(&out, &bits, sizeof out);
  return out;
}

/** e^x for x ≤ 0 (NaN stays NaN: every select below keeps x when a comparison is false). */
static inline vf vexp_nonpos(vf x) {
  x = select(x < splat(-87.0f), splat(-87.0f), x);
  vf fx = x * 1.44269504088896341f + 0.5f;
  vf n = __builtin_convertvector(__builtin_convertvector(fx, vi), vf);
  n = select(n > fx, n - 1.0f, n);  // floor
  vf r = x - n * 0.693359375f - n * -2.12194440e-4f;
  vf y = splat(1.9875691500e-4f);
  y = y * r + 1.3981999507e-3f;
  y = y * r + 8.3334519073e-3f;
  y = y * r + 4.1665795894e-2f;
  y = y * r + 1.6666665459e-1f;
  y = y * r + 5.0000001201e-1f;
  y = y * r * r + r + 1.0f;
  vi bits = (__builtin_convertvector(n, vi) + 127) << 23;
  vf scale;
  memcpy(&scale, &bits, sizeof scale);
  return y * scale;
}

static inline float sexp_nonpos(float x) {
  vf v = splat(x);
  return vexp_nonpos(v)[0];
}

/** Moves a product's exponent into `ex`, leaving its mantissa in [1, 2). */
static inline float renormalize(float p, int32_t *ex) {
  if (isnan(p) || isinf(p)) return p;
  int32_t bits;
  memcpy(&bits, &p, sizeof bits);
  *ex += ((bits >> 23) & 0xff) - 127;
  bits = (bits & 0x007fffff) | 0x3f800000;
  memcpy(&p, &bits, sizeof p);
  return p;
}

__attribute__((target_clones("avx512f", "avx2", "default")))
double sigmoid_cross_entropy(const float *z, const float *x, const float *bias, float *dz, float *colsum,
                             int64_t rows, int64_t cols) {
  float lin[MAX_COLS], prod[MAX_COLS], b[MAX_COLS];
  int32_t ex[MAX_COLS];
  for (int64_t c = 0; c < cols; c++) {
    b[c] = bias ? bias[c] : 0.0f;
    colsum[c] = 0;
    lin[c] = 0;
    prod[c] = 1;
    ex[c] = 0;
  }
  const int64_t wide = cols - cols % LANES;
  for (int64_t r0 = 0; r0 < rows; r0 += BLOCK) {
    const int64_t r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
    for (int64_t r = r0; r < r1; r++) {
      const float *zr = z + r * cols, *xr = x + r * cols;
      float *dr = dz + r * cols;
      for (int64_t c = 0; c < wide; c += LANES) {
        vf zv, bv, xv, cs, pr, ln;
        memcpy(&zv, zr + c, sizeof zv);
        memcpy(&bv, b + c, sizeof bv);
        zv += bv;
        memcpy(&xv, xr + c, sizeof xv);
        memcpy(&cs, colsum + c, sizeof cs);
        memcpy(&pr, prod + c, sizeof pr);
        memcpy(&ln, lin + c, sizeof ln);
        vf e = vexp_nonpos(-vabs(zv));
        vf d = 1.0f / (1.0f + e);                       // σ(|z|)
        vf g = select(zv >= 0.0f, d, e * d) - xv;       // σ(z) − x
        memcpy(dr + c, &g, sizeof g);
        cs += g;
        pr *= d;
        ln += select(zv > 0.0f, zv, splat(0.0f)) - xv * zv;
        memcpy(colsum + c, &cs, sizeof cs);
        memcpy(prod + c, &pr, sizeof pr);
        memcpy(lin + c, &ln, sizeof ln);
      }
      for (int64_t c = wide; c < cols; c++) {
        const float zv = zr[c] + b[c], xv = xr[c];
        const float e = sexp_nonpos(-fabsf(zv));
        const float d = 1.0f / (1.0f + e);
        const float g = (zv >= 0.0f ? d : e * d) - xv;
        dr[c] = g;
        colsum[c] += g;
        prod[c] *= d;
        lin[c] += (zv > 0.0f ? zv : 0.0f) - xv * zv;
      }
    }
    for (int64_t c = 0; c < cols; c++) prod[c] = renormalize(prod[c], &ex[c]);
  }
  double sum = 0;
  for (int64_t c = 0; c < cols; c++)
    sum += (double)lin[c] - (log((double)prod[c]) + ex[c] * 0.69314718055994530942);
  return sum;
}

