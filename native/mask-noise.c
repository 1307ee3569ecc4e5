// Masking noise, bit for bit as src/runtime/noise/element-noise.ts draws it.
// mask_rows is corruptRows's sparse path on the input layer: x̃ of the
// batch's rows with each non-zero pixel kept when its keyed hash says so
// (h' = lowbias32(lowbias32(e + a) ^ b) >>> 1 ≥ P), written at its column's
// place in the output row; every other entry 0. The prefetch worker draws
// this for every reconstruction step (docs/benchmarks.md, "The input layer's
// masking noise in native code"). fill_keep is fillKeep: the keep mask of a
// hidden layer's DAE, 1 or 0 for every element, 16 elements a vector.
#include <string.h>

#include "kernels.h"

/* lowbias32 (Wellons), as element-noise.ts's mix: one body for a number and for 16 lanes. */
#define LOWBIAS32(h)   \
  do {                 \
    h ^= h >> 16;      \
    h *= 0x7feb352du;  \
    h ^= h >> 15;      \
    h *= 0x846ca68bu;  \
    h ^= h >> 16;      \
  } while (0)

static inline uint32_t lowbias32(uint32_t h) {
  LOWBIAS32(h);
  return h;
}

void mask_rows(const struct mask_rows_args *args) {
  const int64_t dim = args->dim, width = args->width;
  memset(args->out, 0, (size_t)(args->row_count * width) * sizeof(float));
  for (int64_t r = 0; r < args->row_count; r++) {
    const int64_t row = args->rows[r];
    const float *from =
        args->gathered ? args->gathered + (args->first_row + r) * dim : args->source + row * dim;
    const uint32_t to = (uint32_t)((args->first_row + r) * dim);
    float *at = args->out + r * width;
    for (int32_t i = args->offsets[row]; i < args->offsets[row + 1]; i++) {
      const int64_t j = args->columns16 ? args->columns16[i] : args->columns32[i];
      if (j >= dim) continue;
      const int32_t place = args->place[j];
      if (place < 0) continue;  // a column the step does not keep holds no non-zero pixel
      const uint32_t h = lowbias32(lowbias32(to + (uint32_t)j + args->a) ^ args->b);
      const float keep = (int64_t)(h >> 1) >= args->limit ? 1.0f : 0.0f;
      at[place] = from[j] * keep;
    }
  }
}

typedef uint32_t vu __attribute__((vector_size(64)));

static inline vu vlowbias32(vu h) {
  LOWBIAS32(h);
  return h;
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void fill_keep(float *out, int64_t n, uint32_t a, uint32_t b, int64_t limit) {
  const vu lanes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  const uint32_t one = 0x3f800000u; /* the bits of 1.0f */
  int64_t e = 0;
  for (; e + 16 <= n; e += 16) {
    const vu h = vlowbias32(vlowbias32(lanes + (uint32_t)e + a) ^ b) >> 1;
    /* h' ≥ P: h' < 2³¹ and P ≤ 2³¹ (addon.c checks), so the unsigned comparison is exact */
    const vu keep = (vu)(h >= (uint32_t)limit) & one;
    memcpy(out + e, &keep, sizeof keep);
  }
  for (; e < n; e++) {
    const uint32_t h = lowbias32(lowbias32((uint32_t)e + a) ^ b) >> 1;
    const uint32_t keep = (int64_t)h >= limit ? one : 0;
    memcpy(out + e, &keep, sizeof keep);
  }
}
