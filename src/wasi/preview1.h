// wasi/preview1.h: binds every wasi_snapshot_preview1 function to a WasiCtx through the
// public embedding API (Linker::DefineHostFunction). The WasiCtx must outlive the store's
// use of the functions. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "cella/instance.h"
#include "wasi/wasi_ctx.h"

namespace cella::wasi {

constexpr const char* kPreview1Module = "wasi_snapshot_preview1";

void DefinePreview1(Linker& linker, Store& store, WasiCtx& ctx);

// The names of every function DefinePreview1 defines (46), in definition order.
std::vector<std::string> Preview1FunctionNames();

}  // namespace cella::wasi
