// wasi/preview1.h: binds the wasi_snapshot_preview1 functions to a WasiCtx through the
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
// Only the functions `module` imports from kPreview1Module: what instantiating `module`
// needs, without building the other host functions (most of them, for most programs).
// An import of a name Cella does not provide stays undefined, so linking reports it.
void DefinePreview1(Linker& linker, Store& store, WasiCtx& ctx, const Module& module);

// The names of every function DefinePreview1 defines (46), in definition order.
std::vector<std::string> Preview1FunctionNames();

}  // namespace cella::wasi
