// mtl's native kernels (built into one Node-API addon by scripts/build-native.mjs;
// src/runtime/native/kernels.ts loads it). Each is the same math as the
// TypeScript or ONNX it stands in for; addon.c checks the arguments.
#ifndef MTL_KERNELS_H
#define MTL_KERNELS_H
#include <stdint.h>

/** The widest z sigmoid_cross_entropy takes. */
#define MAX_COLS 8192

/** sigmoid-cross-entropy.c: dz = σ(z + bias) − x, colsum = Σ_rows dz; returns J. */
double sigmoid_cross_entropy(const float *z, const float *x, const float *bias, float *dz, float *colsum,
                             int64_t rows, int64_t cols);

/** The rows of a masked input layer (mask-noise.c); the arguments as addon.c checked them. */
struct mask_rows_args {
  const float *source;
  int64_t dim;
  const int32_t *rows;
  int64_t row_count;
  const int32_t *offsets;
  const uint16_t *columns16; /* the non-zero columns, as 16-bit … */
  const int32_t *columns32;  /* … or 32-bit integers (one of the two) */
  const int32_t *place;
  int64_t width;
  float *out;
  uint32_t a, b;
  int64_t limit;
  int64_t first_row;
  const float *gathered; /* the batch's rows already gathered (row i at i·dim), or NULL: read the pool */
};

void mask_rows(const struct mask_rows_args *args);

/** fillKeep (mask-noise.c): out[e] = 1 when lowbias32(lowbias32(e + a) ^ b) >>> 1 ≥ limit, else 0. */
void fill_keep(float *out, int64_t n, uint32_t a, uint32_t b, int64_t limit);

#endif
