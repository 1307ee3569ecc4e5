// ort-runner.c: ONNX Runtime's C API, its sessions run on the caller's arrays.
#ifndef MTL_ORT_RUNNER_H
#define MTL_ORT_RUNNER_H
#include <node_api.h>

/** Adds ortOpen, ortSession, ortRun, ortEndProfiling and ortDispose to the addon's exports. */
void register_ort_runner(napi_env env, napi_value exports);

#endif
