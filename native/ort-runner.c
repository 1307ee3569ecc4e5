// ONNX Runtime's C API driven from mtl's addon: the same shared library that
// onnxruntime-node ships and loads (its path comes from src/runtime/onnx/ort.ts),
// opened with dlopen, its sessions run with the caller's arrays for inputs AND
// outputs. onnxruntime-node's binding (1.30) copies every output, even one
// given to write into, into a fresh zero-filled ArrayBuffer: for W1's
// reconstruction graph before the native loss that is 1.9 MB cleared, copied and
// faulted in per step, 0.37 ms of its 1.06 (the session's own run 0.70;
// bench/probes/ort-overhead.ts, docs/benchmarks.md). Here an input or an output the caller gives is used in
// place; an output it does not give is copied out once, as the binding does.
//
// The API is a table of function pointers (struct OrtApi) whose order never
// changes from one release to the next: entries are only appended. The
// positions below are those of onnxruntime_c_api.h at API version 13 (ONNX
// Runtime 1.13), which every library since has; each is an API version 1 entry.
#include <dlfcn.h>
#include <node_api.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ort-runner.h"

#define ORT_API_VERSION 13

/* Positions in struct OrtApi (0-based). */
enum {
  API_GetErrorMessage = 2,
  API_CreateEnv = 3,
  API_CreateSessionFromArray = 8,
  API_Run = 9,
  API_CreateSessionOptions = 10,
  API_SetSessionExecutionMode = 13,
  API_EnableProfiling = 14,
  API_SetSessionGraphOptimizationLevel = 23,
  API_SetIntraOpNumThreads = 24,
  API_SetInterOpNumThreads = 25,
  API_SessionGetInputCount = 30,
  API_SessionGetOutputCount = 31,
  API_SessionGetInputName = 36,
  API_SessionGetOutputName = 37,
  API_CreateTensorWithDataAsOrtValue = 49,
  API_GetTensorMutableData = 51,
  API_GetTensorElementType = 60,
  API_GetDimensionsCount = 61,
  API_GetDimensions = 62,
  API_GetTensorTypeAndShape = 65,
  API_CreateCpuMemoryInfo = 69,
  API_AllocatorFree = 76,
  API_GetAllocatorWithDefaultOptions = 78,
  API_ReleaseStatus = 93,
  API_ReleaseSession = 95,
  API_ReleaseValue = 96,
  API_ReleaseTensorTypeAndShapeInfo = 99,
  API_ReleaseSessionOptions = 100,
  API_SessionEndProfiling = 110,
};

/* ONNXTensorElementDataType */
enum { T_FLOAT = 1, T_UINT8 = 2, T_INT8 = 3, T_UINT16 = 4, T_INT16 = 5, T_INT32 = 6, T_INT64 = 7, T_DOUBLE = 11, T_UINT32 = 12, T_UINT64 = 13 };

typedef struct OrtStatus OrtStatus;
typedef void Opaque;
typedef struct {
  const void *const *(*GetApi)(uint32_t version);
  const char *(*GetVersionString)(void);
} OrtApiBase;

static const void *const *api;
static Opaque *env;
static Opaque *cpu_memory;
static const char *version;
static char open_error[512];
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

#define FN(index, type) ((type)api[index])

static napi_value throw_error(napi_env e, const char *message) {
  napi_throw_error(e, NULL, message);
  return NULL;
}

/** Throws the status's message (prefixed) and releases it; 1 when there was an error. */
static int failed(napi_env e, OrtStatus *status, const char *what) {
  if (!status) return 0;
  char message[1024];
  const char *text = FN(API_GetErrorMessage, const char *(*)(const OrtStatus *))(status);
  snprintf(message, sizeof message, "%s: %s", what, text ? text : "(no message)");
  FN(API_ReleaseStatus, void (*)(OrtStatus *))(status);
  napi_throw_error(e, NULL, message);
  return 1;
}

/** Opens the library once per process: the table, one environment, the CPU memory description. */
static int open_library(const char *path) {
  if (api) return 1;
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    snprintf(open_error, sizeof open_error, "dlopen: %s", dlerror());
    return 0;
  }
  const OrtApiBase *(*get_base)(void) = (const OrtApiBase *(*)(void))dlsym(library, "OrtGetApiBase");
  const OrtApiBase *base = get_base ? get_base() : NULL;
  const void *const *table = base ? base->GetApi(ORT_API_VERSION) : NULL;
  if (!table) {
    snprintf(open_error, sizeof open_error, "%s has no C API of version %d", path, ORT_API_VERSION);
    return 0;
  }
  OrtStatus *status;
  Opaque *new_env = NULL, *memory = NULL;
  /* ORT_LOGGING_LEVEL_WARNING (2). The environment is the process's one: ONNX Runtime shares it. */
  status = ((OrtStatus * (*)(int, const char *, Opaque **)) table[API_CreateEnv])(2, "mtl", &new_env);
  /* OrtArenaAllocator (1), OrtMemTypeDefault (0), as onnxruntime-node describes the arrays it is given. */
  if (!status) status = ((OrtStatus * (*)(int, int, Opaque **)) table[API_CreateCpuMemoryInfo])(1, 0, &memory);
  if (status) {
    const char *text = ((const char *(*)(const OrtStatus *))table[API_GetErrorMessage])(status);
    snprintf(open_error, sizeof open_error, "%s", text ? text : "ONNX Runtime did not start");
    ((void (*)(OrtStatus *))table[API_ReleaseStatus])(status);
    return 0;
  }
  env = new_env;
  cpu_memory = memory;
  version = base->GetVersionString();
  api = table;
  return 1;
}

/** ortOpen(libraryPath) → ONNX Runtime's version; throws when the library does not open. */
static napi_value ort_open_js(napi_env e, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char path[4096];
  size_t length;
  if (napi_get_cb_info(e, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 ||
      napi_get_value_string_utf8(e, argv[0], path, sizeof path, &length) != napi_ok || length >= sizeof path - 1)
    return throw_error(e, "ortOpen(libraryPath) takes the library's path");
  pthread_mutex_lock(&open_lock);
  int opened = open_library(path);
  pthread_mutex_unlock(&open_lock);
  if (!opened) return throw_error(e, open_error);
  napi_value out;
  napi_create_string_utf8(e, version, NAPI_AUTO_LENGTH, &out);
  return out;
}

struct session {
  Opaque *session;
  size_t inputs, outputs;
  char **input_names, **output_names;
};

static void free_names(char **names, size_t count) {
  if (!names) return;
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
}

static void release_session(struct session *s) {
  if (s->session) FN(API_ReleaseSession, void (*)(Opaque *))(s->session);
  s->session = NULL;
  free_names(s->input_names, s->inputs);
  free_names(s->output_names, s->outputs);
  s->input_names = s->output_names = NULL;
  s->inputs = s->outputs = 0;
}

static void finalize_session(napi_env e, void *data, void *hint) {
  (void)e;
  (void)hint;
  release_session(data);
  free(data);
}

/** The session's input or output names, copied out of ONNX Runtime's allocator. */
static int read_names(napi_env e, struct session *s, int outputs) {
  Opaque *allocator;
  if (failed(e, FN(API_GetAllocatorWithDefaultOptions, OrtStatus * (*)(Opaque **))(&allocator), "ONNX Runtime"))
    return 0;
  size_t count;
  int count_at = outputs ? API_SessionGetOutputCount : API_SessionGetInputCount;
  int name_at = outputs ? API_SessionGetOutputName : API_SessionGetInputName;
  if (failed(e, FN(count_at, OrtStatus * (*)(const Opaque *, size_t *))(s->session, &count), "ONNX Runtime")) return 0;
  char **names = calloc(count ? count : 1, sizeof *names);
  if (outputs) {
    s->output_names = names;
    s->outputs = count;
  } else {
    s->input_names = names;
    s->inputs = count;
  }
  for (size_t i = 0; i < count; i++) {
    char *name;
    OrtStatus *status = FN(name_at, OrtStatus * (*)(const Opaque *, size_t, Opaque *, char **))(s->session, i, allocator, &name);
    if (failed(e, status, "ONNX Runtime")) return 0;
    names[i] = strdup(name);
    FN(API_AllocatorFree, OrtStatus * (*)(Opaque *, void *))(allocator, name);
  }
  return 1;
}

static napi_value names_array(napi_env e, char **names, size_t count) {
  napi_value array, name;
  napi_create_array_with_length(e, count, &array);
  for (size_t i = 0; i < count; i++) {
    napi_create_string_utf8(e, names[i], NAPI_AUTO_LENGTH, &name);
    napi_set_element(e, array, (uint32_t)i, name);
  }
  return array;
}

/**
 * ortSession(model: Uint8Array, profilePrefix: string | null) → { handle, inputs, outputs }:
 * one intra-op and one inter-op thread, sequential, every graph optimization
 * (src/runtime/onnx/ort.ts's SESSION_OPTIONS, as the binding sets them).
 */
static napi_value ort_session_js(napi_env e, napi_callback_info info) {
  if (!api) return throw_error(e, "ortSession: call ortOpen first");
  size_t argc = 2;
  napi_value argv[2];
  void *model;
  size_t model_length;
  napi_typedarray_type type;
  bool is = false;
  if (napi_get_cb_info(e, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      napi_is_typedarray(e, argv[0], &is) != napi_ok || !is ||
      napi_get_typedarray_info(e, argv[0], &type, &model_length, &model, NULL, NULL) != napi_ok ||
      type != napi_uint8_array)
    return throw_error(e, "ortSession(model, profilePrefix) takes the model's bytes (a Uint8Array)");
  char prefix[4096] = "";
  napi_valuetype prefix_type;
  napi_typeof(e, argv[1], &prefix_type);
  if (prefix_type == napi_string) napi_get_value_string_utf8(e, argv[1], prefix, sizeof prefix, NULL);

  Opaque *options = NULL;
  if (failed(e, FN(API_CreateSessionOptions, OrtStatus * (*)(Opaque **))(&options), "ONNX Runtime")) return NULL;
  OrtStatus *status = FN(API_SetIntraOpNumThreads, OrtStatus * (*)(Opaque *, int))(options, 1);
  if (!status) status = FN(API_SetInterOpNumThreads, OrtStatus * (*)(Opaque *, int))(options, 1);
  /* ORT_SEQUENTIAL (0), ORT_ENABLE_ALL (99) */
  if (!status) status = FN(API_SetSessionExecutionMode, OrtStatus * (*)(Opaque *, int))(options, 0);
  if (!status) status = FN(API_SetSessionGraphOptimizationLevel, OrtStatus * (*)(Opaque *, int))(options, 99);
  if (!status && prefix[0]) status = FN(API_EnableProfiling, OrtStatus * (*)(Opaque *, const char *))(options, prefix);
  struct session *s = calloc(1, sizeof *s);
  if (!status)
    status = FN(API_CreateSessionFromArray, OrtStatus * (*)(const Opaque *, const void *, size_t, const Opaque *, Opaque **))(
        env, model, model_length, options, &s->session);
  FN(API_ReleaseSessionOptions, void (*)(Opaque *))(options);
  if (failed(e, status, "ONNX Runtime could not load the graph") || !read_names(e, s, 0) || !read_names(e, s, 1)) {
    release_session(s);
    free(s);
    return NULL;
  }
  napi_value out, handle;
  napi_create_object(e, &out);
  napi_create_external(e, s, finalize_session, NULL, &handle);
  napi_set_named_property(e, out, "handle", handle);
  napi_set_named_property(e, out, "inputs", names_array(e, s->input_names, s->inputs));
  napi_set_named_property(e, out, "outputs", names_array(e, s->output_names, s->outputs));
  return out;
}

static struct session *session_arg(napi_env e, napi_value value) {
  void *data = NULL;
  napi_valuetype type;
  if (napi_typeof(e, value, &type) != napi_ok || type != napi_external ||
      napi_get_value_external(e, value, &data) != napi_ok || !data || !((struct session *)data)->session) {
    throw_error(e, "not an open ONNX Runtime session");
    return NULL;
  }
  return data;
}

static int element_type(napi_typedarray_type type, size_t *size) {
  switch (type) {
    case napi_float32_array: *size = 4; return T_FLOAT;
    case napi_int32_array: *size = 4; return T_INT32;
    case napi_bigint64_array: *size = 8; return T_INT64;
    case napi_uint8_array: *size = 1; return T_UINT8;
    case napi_int8_array: *size = 1; return T_INT8;
    case napi_uint16_array: *size = 2; return T_UINT16;
    case napi_int16_array: *size = 2; return T_INT16;
    case napi_uint32_array: *size = 4; return T_UINT32;
    case napi_float64_array: *size = 8; return T_DOUBLE;
    case napi_biguint64_array: *size = 8; return T_UINT64;
    default: return 0;
  }
}

static int typed_array_type(int element, size_t *size, napi_typedarray_type *type) {
  for (int t = napi_int8_array; t <= napi_biguint64_array; t++) {
    if (element_type((napi_typedarray_type)t, size) == element) {
      *type = (napi_typedarray_type)t;
      return 1;
    }
  }
  return 0;
}

#define MAX_RANK 8

/**
 * An OrtValue over a tensor's own array ({ data, dims }, data a typed array
 * of exactly the elements dims count): no copy.
 */
static Opaque *value_over(napi_env e, napi_value tensor, const char *name) {
  char message[512];
  napi_value data, dims;
  napi_typedarray_type type;
  size_t length, size = 0;
  void *pointer;
  bool is = false;
  uint32_t rank = 0;
  if (napi_get_named_property(e, tensor, "data", &data) != napi_ok || napi_is_typedarray(e, data, &is) != napi_ok ||
      !is || napi_get_typedarray_info(e, data, &type, &length, &pointer, NULL, NULL) != napi_ok ||
      napi_get_named_property(e, tensor, "dims", &dims) != napi_ok || napi_get_array_length(e, dims, &rank) != napi_ok ||
      rank > MAX_RANK) {
    snprintf(message, sizeof message, "%s: a tensor is { data: a typed array, dims: at most %d numbers }", name, MAX_RANK);
    throw_error(e, message);
    return NULL;
  }
  int element = element_type(type, &size);
  if (!element) {
    snprintf(message, sizeof message, "%s: not a typed array of a kind ONNX Runtime takes", name);
    throw_error(e, message);
    return NULL;
  }
  int64_t shape[MAX_RANK];
  int64_t count = 1;
  for (uint32_t i = 0; i < rank; i++) {
    napi_value dim;
    if (napi_get_element(e, dims, i, &dim) != napi_ok || napi_get_value_int64(e, dim, &shape[i]) != napi_ok ||
        shape[i] < 0) {
      snprintf(message, sizeof message, "%s: dims must be non-negative integers", name);
      throw_error(e, message);
      return NULL;
    }
    count *= shape[i];
  }
  if ((size_t)count != length) {
    snprintf(message, sizeof message, "%s: %zu elements where its dims count %lld", name, length, (long long)count);
    throw_error(e, message);
    return NULL;
  }
  Opaque *value = NULL;
  OrtStatus *status = FN(API_CreateTensorWithDataAsOrtValue,
                         OrtStatus * (*)(const Opaque *, void *, size_t, const int64_t *, size_t, int, Opaque **))(
      cpu_memory, pointer, length * size, shape, rank, element, &value);
  return failed(e, status, name) ? NULL : value;
}

/** A { data, dims } object holding a copy of an output ONNX Runtime allocated. */
static napi_value copy_out(napi_env e, Opaque *value, const char *name) {
  Opaque *shape_info = NULL;
  int element = 0;
  size_t rank = 0, size = 0;
  int64_t shape[MAX_RANK];
  void *source = NULL;
  if (failed(e, FN(API_GetTensorTypeAndShape, OrtStatus * (*)(const Opaque *, Opaque **))(value, &shape_info), name))
    return NULL;
  OrtStatus *status = FN(API_GetTensorElementType, OrtStatus * (*)(const Opaque *, int *))(shape_info, &element);
  if (!status) status = FN(API_GetDimensionsCount, OrtStatus * (*)(const Opaque *, size_t *))(shape_info, &rank);
  if (!status && rank <= MAX_RANK)
    status = FN(API_GetDimensions, OrtStatus * (*)(const Opaque *, int64_t *, size_t))(shape_info, shape, rank);
  FN(API_ReleaseTensorTypeAndShapeInfo, void (*)(Opaque *))(shape_info);
  if (failed(e, status, name)) return NULL;
  napi_typedarray_type type;
  if (rank > MAX_RANK || !typed_array_type(element, &size, &type)) {
    throw_error(e, "an output of a kind mtl does not read");
    return NULL;
  }
  if (failed(e, FN(API_GetTensorMutableData, OrtStatus * (*)(Opaque *, void **))(value, &source), name)) return NULL;
  size_t count = 1;
  for (size_t i = 0; i < rank; i++) count *= (size_t)shape[i];
  napi_value buffer, data, dims, dim, out;
  void *target;
  napi_create_arraybuffer(e, count * size, &target, &buffer);
  if (count) memcpy(target, source, count * size);
  napi_create_typedarray(e, type, count, buffer, 0, &data);
  napi_create_array_with_length(e, rank, &dims);
  for (size_t i = 0; i < rank; i++) {
    napi_create_int64(e, shape[i], &dim);
    napi_set_element(e, dims, (uint32_t)i, dim);
  }
  napi_create_object(e, &out);
  napi_set_named_property(e, out, "data", data);
  napi_set_named_property(e, out, "dims", dims);
  return out;
}

/**
 * ortRun(handle, feeds, into) → outputs: feeds and into are arrays in the
 * session's input and output order (ortSession's names) of { data, dims }
 * tensors; an `into` entry may be null or undefined. ONNX Runtime writes an
 * output given in `into` in place (its dims must be the output's) and that
 * entry of the result is null; any other output comes back as a copy.
 */
static napi_value ort_run_js(napi_env e, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(e, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3)
    return throw_error(e, "ortRun(handle, feeds, into) takes 3 arguments");
  struct session *s = session_arg(e, argv[0]);
  if (!s) return NULL;
  uint32_t feeds_length = 0, into_length = 0;
  if (napi_get_array_length(e, argv[1], &feeds_length) != napi_ok || feeds_length != s->inputs ||
      napi_get_array_length(e, argv[2], &into_length) != napi_ok || into_length != s->outputs)
    return throw_error(e, "ortRun: feeds and into must list the session's inputs and outputs");
  Opaque **inputs = calloc(s->inputs + s->outputs + 1, sizeof *inputs);
  Opaque **outputs = inputs + s->inputs;
  /* Whether the caller gave each output (a network's parameters and velocities have no bound). */
  char *given = calloc(s->outputs + 1, 1);
  napi_value result = NULL;
  if (!inputs || !given) {
    throw_error(e, "ortRun: out of memory");
    goto done;
  }
  for (size_t i = 0; i < s->inputs; i++) {
    napi_value tensor;
    napi_valuetype type;
    napi_get_element(e, argv[1], (uint32_t)i, &tensor);
    napi_typeof(e, tensor, &type);
    if (type != napi_object) {
      char message[512];
      snprintf(message, sizeof message, "ortRun: no feed for the graph's input %s", s->input_names[i]);
      throw_error(e, message);
      goto done;
    }
    if (!(inputs[i] = value_over(e, tensor, s->input_names[i]))) goto done;
  }
  for (size_t i = 0; i < s->outputs; i++) {
    napi_value tensor;
    napi_valuetype type;
    napi_get_element(e, argv[2], (uint32_t)i, &tensor);
    napi_typeof(e, tensor, &type);
    given[i] = type == napi_object;
    if (given[i] && !(outputs[i] = value_over(e, tensor, s->output_names[i]))) goto done;
  }
  OrtStatus *status = FN(API_Run, OrtStatus * (*)(Opaque *, const Opaque *, const char *const *, const Opaque *const *,
                                                  size_t, const char *const *, size_t, Opaque **))(
      s->session, NULL, (const char *const *)s->input_names, (const Opaque *const *)inputs, s->inputs,
      (const char *const *)s->output_names, s->outputs, outputs);
  if (failed(e, status, "ONNX Runtime")) goto done;
  napi_value array, entry;
  napi_create_array_with_length(e, s->outputs, &array);
  for (size_t i = 0; i < s->outputs; i++) {
    if (given[i]) napi_get_null(e, &entry);
    else if (!(entry = copy_out(e, outputs[i], s->output_names[i]))) goto done;
    napi_set_element(e, array, (uint32_t)i, entry);
  }
  result = array;
done:
  for (size_t i = 0; inputs && i < s->inputs + s->outputs; i++)
    if (inputs[i]) FN(API_ReleaseValue, void (*)(Opaque *))(inputs[i]);
  free(inputs);
  free(given);
  return result;
}

/** ortEndProfiling(handle) → the profile's file name (a session opened with a profile prefix). */
static napi_value ort_end_profiling_js(napi_env e, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(e, info, &argc, argv, NULL, NULL);
  struct session *s = argc == 1 ? session_arg(e, argv[0]) : NULL;
  if (!s) return NULL;
  Opaque *allocator;
  char *file = NULL;
  if (failed(e, FN(API_GetAllocatorWithDefaultOptions, OrtStatus * (*)(Opaque **))(&allocator), "ONNX Runtime") ||
      failed(e, FN(API_SessionEndProfiling, OrtStatus * (*)(Opaque *, Opaque *, char **))(s->session, allocator, &file),
             "ONNX Runtime"))
    return NULL;
  napi_value out;
  napi_create_string_utf8(e, file ? file : "", NAPI_AUTO_LENGTH, &out);
  if (file) FN(API_AllocatorFree, OrtStatus * (*)(Opaque *, void *))(allocator, file);
  return out;
}

/** ortDispose(handle): releases the session now (else when the handle is collected). */
static napi_value ort_dispose_js(napi_env e, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *data = NULL;
  napi_get_cb_info(e, info, &argc, argv, NULL, NULL);
  if (argc == 1 && napi_get_value_external(e, argv[0], &data) == napi_ok && data) release_session(data);
  return NULL;
}

void register_ort_runner(napi_env e, napi_value exports) {
  const struct {
    const char *name;
    napi_callback fn;
  } functions[] = {
      {"ortOpen", ort_open_js},       {"ortSession", ort_session_js}, {"ortRun", ort_run_js},
      {"ortEndProfiling", ort_end_profiling_js}, {"ortDispose", ort_dispose_js},
  };
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
    napi_value fn;
    napi_create_function(e, functions[i].name, NAPI_AUTO_LENGTH, functions[i].fn, NULL, &fn);
    napi_set_named_property(e, exports, functions[i].name, fn);
  }
}
