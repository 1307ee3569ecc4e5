// The Node-API face of mtl's native kernels (kernels.h): argument checks, then
// the kernel. A wrong argument throws a TypeError naming what was expected;
// the TypeScript callers (src/runtime/native/kernels.ts) pass only arrays of
// the right kinds and sizes, so a throw here is a bug of theirs.
#include <node_api.h>

#include "kernels.h"
#include "ort-runner.h"

static int typed_array(napi_env env, napi_value value, napi_typedarray_type want, void **data, size_t *length) {
  bool is;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return 0;
  if (napi_get_typedarray_info(env, value, &type, length, data, NULL, NULL) != napi_ok) return 0;
  return type == want;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

static int float_array(napi_env env, napi_value value, float **data, size_t *length) {
  return typed_array(env, value, napi_float32_array, (void **)data, length);
}

/**
 * sigmoidCrossEntropy(z, x, dz, colsum, cols[, bias]) → J; every array a Float32Array,
 * z, x and dz of rows × cols (dz may be z itself), colsum and bias of cols; bias may be null.
 */
static napi_value sigmoid_cross_entropy_js(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5)
    return fail(env, "sigmoidCrossEntropy(z, x, dz, colsum, cols[, bias]) takes 5 or 6 arguments");
  float *arrays[5] = {NULL, NULL, NULL, NULL, NULL};
  size_t lengths[5] = {0, 0, 0, 0, 0};
  for (int i = 0; i < 4; i++)
    if (!float_array(env, argv[i], &arrays[i], &lengths[i]))
      return fail(env, "sigmoidCrossEntropy: z, x, dz and colsum must be Float32Arrays");
  int64_t cols;
  if (napi_get_value_int64(env, argv[4], &cols) != napi_ok || cols <= 0 || cols > MAX_COLS)
    return fail(env, "sigmoidCrossEntropy: cols must be an integer in [1, 8192]");
  napi_valuetype type = napi_undefined;
  if (argc == 6) napi_typeof(env, argv[5], &type);
  if (type != napi_undefined && type != napi_null) {
    if (!float_array(env, argv[5], &arrays[4], &lengths[4]) || lengths[4] != (size_t)cols)
      return fail(env, "sigmoidCrossEntropy: bias must be a Float32Array of cols floats, or null");
  }
  const size_t n = lengths[0];
  if (n % (size_t)cols != 0 || lengths[1] != n || lengths[2] != n || lengths[3] != (size_t)cols)
    return fail(env, "sigmoidCrossEntropy: z, x and dz must hold rows × cols floats, colsum cols");
  const int64_t rows = (int64_t)(n / (size_t)cols);
  napi_value out;
  napi_create_double(env, sigmoid_cross_entropy(arrays[0], arrays[1], arrays[4], arrays[2], arrays[3], rows, cols), &out);
  return out;
}

static int int64_arg(napi_env env, napi_value value, int64_t *out) {
  napi_valuetype type;
  return napi_typeof(env, value, &type) == napi_ok && type == napi_number &&
         napi_get_value_int64(env, value, out) == napi_ok;
}

/**
 * maskRows(source, dim, rows, offsets, columns, place, out, width, a, b, limit, firstRow[, gathered]):
 * source a Float32Array of pool rows × dim; rows, offsets, place Int32Arrays; columns a
 * Uint16Array or Int32Array; out a Float32Array of rows.length × width; the rest integers;
 * gathered, null or a Float32Array of at least (firstRow + rows.length) × dim.
 */
static napi_value mask_rows_js(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 12)
    return fail(env, "maskRows takes 12 or 13 arguments");
  struct mask_rows_args args = {0};
  size_t source_length, rows_length, offsets_length, columns_length, place_length, out_length;
  int64_t numbers[6]; /* dim, width, a, b, limit, firstRow */
  const int number_at[6] = {1, 7, 8, 9, 10, 11};
  for (int i = 0; i < 6; i++)
    if (!int64_arg(env, argv[number_at[i]], &numbers[i])) return fail(env, "maskRows: dim, width, a, b, limit and firstRow must be integers");
  args.dim = numbers[0];
  args.width = numbers[1];
  args.a = (uint32_t)numbers[2];
  args.b = (uint32_t)numbers[3];
  args.limit = numbers[4];
  args.first_row = numbers[5];
  void *columns;
  if (!typed_array(env, argv[0], napi_float32_array, (void **)&args.source, &source_length) ||
      !typed_array(env, argv[2], napi_int32_array, (void **)&args.rows, &rows_length) ||
      !typed_array(env, argv[3], napi_int32_array, (void **)&args.offsets, &offsets_length) ||
      !typed_array(env, argv[5], napi_int32_array, (void **)&args.place, &place_length) ||
      !typed_array(env, argv[6], napi_float32_array, (void **)&args.out, &out_length))
    return fail(env, "maskRows: source and out must be Float32Arrays, rows, offsets and place Int32Arrays");
  if (typed_array(env, argv[4], napi_uint16_array, &columns, &columns_length)) args.columns16 = columns;
  else if (typed_array(env, argv[4], napi_int32_array, &columns, &columns_length)) args.columns32 = columns;
  else return fail(env, "maskRows: columns must be a Uint16Array or an Int32Array");
  if (args.dim <= 0 || args.width <= 0 || source_length % (size_t)args.dim != 0 ||
      place_length != (size_t)args.dim || out_length != rows_length * (size_t)args.width ||
      args.first_row < 0 || (args.first_row + (int64_t)rows_length) * args.dim > 0xffffffffLL)
    return fail(env, "maskRows: the sizes of source, place and out do not fit dim, width and rows");
  const int64_t pool_rows = (int64_t)(source_length / (size_t)args.dim);
  if (offsets_length != (size_t)pool_rows + 1) return fail(env, "maskRows: offsets must hold pool rows + 1 entries");
  for (size_t r = 0; r < rows_length; r++) {
    const int32_t row = args.rows[r];
    if (row < 0 || row >= pool_rows || args.offsets[row] < 0 || args.offsets[row] > args.offsets[row + 1] ||
        (size_t)args.offsets[row + 1] > columns_length)
      return fail(env, "maskRows: a row or its non-zero entries lie outside the pool");
  }
  for (size_t j = 0; j < place_length; j++)
    if (args.place[j] >= args.width) return fail(env, "maskRows: a place lies outside the output row");
  napi_valuetype gathered_type = napi_undefined;
  if (argc == 13) napi_typeof(env, argv[12], &gathered_type);
  if (gathered_type != napi_undefined && gathered_type != napi_null) {
    size_t gathered_length;
    if (!typed_array(env, argv[12], napi_float32_array, (void **)&args.gathered, &gathered_length) ||
        gathered_length < (size_t)((args.first_row + (int64_t)rows_length) * args.dim))
      return fail(env, "maskRows: gathered must be null or a Float32Array of the batch's rows");
  }
  args.row_count = (int64_t)rows_length;
  mask_rows(&args);
  return NULL;
}

/** fillKeep(out, a, b, limit): out a Float32Array; a, b integers; limit in [0, 2³¹]. */
static napi_value fill_keep_js(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 4)
    return fail(env, "fillKeep takes 4 arguments");
  float *out;
  size_t length;
  int64_t a, b, limit;
  if (!float_array(env, argv[0], &out, &length)) return fail(env, "fillKeep: out must be a Float32Array");
  if (!int64_arg(env, argv[1], &a) || !int64_arg(env, argv[2], &b) || !int64_arg(env, argv[3], &limit) ||
      limit < 0 || limit > 2147483648LL)
    return fail(env, "fillKeep: a and b must be integers, limit an integer in [0, 2^31]");
  fill_keep(out, (int64_t)length, (uint32_t)a, (uint32_t)b, limit);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn, max;
  napi_create_function(env, "sigmoidCrossEntropy", NAPI_AUTO_LENGTH, sigmoid_cross_entropy_js, NULL, &fn);
  napi_set_named_property(env, exports, "sigmoidCrossEntropy", fn);
  napi_create_function(env, "maskRows", NAPI_AUTO_LENGTH, mask_rows_js, NULL, &fn);
  napi_set_named_property(env, exports, "maskRows", fn);
  napi_create_function(env, "fillKeep", NAPI_AUTO_LENGTH, fill_keep_js, NULL, &fn);
  napi_set_named_property(env, exports, "fillKeep", fn);
  napi_create_int32(env, MAX_COLS, &max);
  napi_set_named_property(env, exports, "maxColumns", max);
  register_ort_runner(env, exports);
  return exports;
}
