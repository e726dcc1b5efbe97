// wasi/preview1.cc: DefinePreview1 — each group's FunctionDefs become host functions that
// build a WasiCall, run the handler and return its errno (or stop the guest). Also the
// helpers every group shares (WaitReady, StoreFilestat). Not thread-safe.
#include "wasi/preview1.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "wasi/abi.h"
#include "wasi/host_call.h"

namespace cella::wasi {
namespace {

std::vector<std::span<const FunctionDef>> Groups() {
  return {ProcFunctions(),     FdIoFunctions(),  FdFunctions(),  ReaddirFunctions(),
          PathOpenFunctions(), PathFunctions(),  PollFunctions(), SockFunctions()};
}

void Trace(const char* name, std::span<const Value> args, Errno e, bool stopped) {
  std::string line = std::string("wasi: ") + name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) line += ", ";
    line += args[i].type() == ValType::kI64 ? std::to_string(args[i].i64()) : std::to_string(args[i].i32());
  }
  line += stopped ? ") stops the guest" : ") = " + std::string(ErrnoName(e));
  std::fprintf(stderr, "%s\n", line.c_str());
}

FuncType TypeOf(const FunctionDef& def) {
  FuncType type;
  for (const char* p = def.params; *p != '\0'; ++p) type.params.push_back(*p == 'I' ? ValType::kI64 : ValType::kI32);
  if (def.returns_errno) type.results.push_back(ValType::kI32);
  return type;
}

void Define(Linker& linker, Store& store, WasiCtx& ctx, const Module* only_imports_of) {
  auto imported = [only_imports_of](const char* name) {
    return std::any_of(only_imports_of->imports().begin(), only_imports_of->imports().end(),
                       [name](const ImportInfo& i) { return i.module == kPreview1Module && i.name == name; });
  };
  for (std::span<const FunctionDef> group : Groups()) {
    for (const FunctionDef& def : group) {
      if (only_imports_of != nullptr && !imported(def.name)) continue;
      Handler handler = def.handler;
      const char* name = def.name;
      linker.DefineHostFunction(
          store, kPreview1Module, def.name, TypeOf(def),
          [&ctx, handler, name](HostContext& host, std::span<const Value> args, std::span<Value> results) {
            ctx.clock().ObserveFuel(ctx.fuel_consumed_before() + host.store().fuel_consumed());
            WasiCall call{ctx, GuestMemory(host.memory()), args, std::nullopt};
            Errno e = handler(call);
            if (ctx.trace()) Trace(name, args, e, call.stop.has_value());
            if (call.stop) return std::move(*call.stop);
            if (!results.empty()) results[0] = Value::I32(static_cast<uint32_t>(e));
            return HostOutcome::Ok();
          });
    }
  }
}

}  // namespace

void DefinePreview1(Linker& linker, Store& store, WasiCtx& ctx) { Define(linker, store, ctx, nullptr); }

void DefinePreview1(Linker& linker, Store& store, WasiCtx& ctx, const Module& module) {
  Define(linker, store, ctx, &module);
}

std::vector<std::string> Preview1FunctionNames() {
  std::vector<std::string> names;
  for (std::span<const FunctionDef> group : Groups()) {
    for (const FunctionDef& def : group) names.emplace_back(def.name);
  }
  return names;
}

Errno WaitReady(WasiCall& call, const FdEntry& entry, short events) {
  if (entry.positioned) return Errno::kSuccess;  // regular files never block
  pollfd p{entry.host.get(), events, 0};
  // Deterministic mode: whether a stream is ready is timing, so NONBLOCK never says EAGAIN.
  bool is_socket = entry.kind == FdKind::kSocket || entry.kind == FdKind::kListener;
  bool nonblock = (entry.flags & kFdflagNonblock) != 0 && (is_socket || !call.ctx.deterministic());
  if (call.ctx.cancelled()) return Errno::kIntr;
  os::WaitResult r = os::WaitForFds({&p, 1}, nonblock ? 0 : -1, call.ctx.wakeup());
  switch (r) {
    case os::WaitResult::kReady: return Errno::kSuccess;
    case os::WaitResult::kTimedOut: return Errno::kAgain;
    case os::WaitResult::kWoken: return Errno::kIntr;
    case os::WaitResult::kFailed: return ErrnoFromHost(errno);
  }
  return Errno::kIo;
}

Errno StoreFilestat(WasiCall& call, uint32_t ptr, const FileRef& ref, Filestat stat) {
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(ptr, layout::kFilestatSize, layout::kFilestatAlign));
  call.ctx.fs_view().AdjustStat(ref, stat);
  out.Zero();
  out.Put<uint64_t>(0, stat.dev);
  out.Put<uint64_t>(8, stat.ino);
  out.Put<uint8_t>(16, static_cast<uint8_t>(stat.filetype));
  out.Put<uint64_t>(24, stat.nlink);
  out.Put<uint64_t>(32, stat.size);
  out.Put<uint64_t>(40, stat.atim);
  out.Put<uint64_t>(48, stat.mtim);
  out.Put<uint64_t>(56, stat.ctim);
  return Errno::kSuccess;
}

}  // namespace cella::wasi
