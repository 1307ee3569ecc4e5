// Masking noise on the input layer, the sparse path of
// src/runtime/noise/element-noise.ts's corruptRows, bit for bit: x̃ of the
// batch's rows with each non-zero pixel kept when its keyed hash says so
// (h' = lowbias32(lowbias32(e + a) ^ b) >>> 1 ≥ P), written at its column's
// place in the output row; every other entry 0. The prefetch worker draws
// this for every reconstruction step (docs/benchmarks.md, "The input layer's
// masking noise in native code").
#include <string.h>

#include "kernels.h"

static inline uint32_t lowbias32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  h *= 0x846ca68bu;
  h ^= h >> 16;
  return h;
}

void mask_rows(const struct mask_rows_args *args) {
  const int64_t dim = args->dim, width = args->width;
  memset(args->out, 0, (size_t)(args->row_count * width) * sizeof(float));
  for (int64_t r = 0; r < args->row_count; r++) {
    const int64_t row = args->rows[r];
    const float *from = args->source + row * dim;
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
