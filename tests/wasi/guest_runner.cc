// tests/wasi/guest_runner.cc: RunGuest (see guest_runner.h). Compiled modules are cached
// per guest. Test-only.
#include "guest_runner.h"

#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <stdexcept>

#include "cella/cella.h"
#include "os/file_io.h"
#include "wasi/preview1.h"

namespace cella::wasi::testing {

Engine& SharedEngine() {
  static Engine engine([] {
    EngineConfig config;
    config.canonicalize_nans = true;
    return config;
  }());
  return engine;
}

const Module& CompiledGuest(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, Module> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  Result<std::string> bytes = os::ReadFile(GuestPath(name));
  if (!bytes.ok()) throw std::runtime_error(bytes.error().ToString());
  Result<Module> module =
      Module::Compile(SharedEngine(), {reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()});
  if (!module.ok()) throw std::runtime_error(module.error().ToString());
  return cache.emplace(name, std::move(*module)).first->second;
}

os::UniqueFd MemFile(const std::string& content) {
  os::UniqueFd fd(::memfd_create("cella-wasi-test", MFD_CLOEXEC));
  if (!content.empty() && ::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    throw std::runtime_error("memfd write");
  }
  ::lseek(fd.get(), 0, SEEK_SET);
  return fd;
}

std::string Contents(int fd) {
  std::string out;
  char buf[4096];
  ::lseek(fd, 0, SEEK_SET);
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string GuestPath(const std::string& name) { return std::string(CELLA_WASI_GUEST_DIR) + "/" + name + ".wasm"; }

GuestResult RunGuest(const std::string& name, GuestSetup setup) {
  const Module& module = CompiledGuest(name);
  WasiOptions options;
  options.args.push_back(name);
  options.args.insert(options.args.end(), setup.args.begin(), setup.args.end());
  options.env = setup.env;
  options.dirs = setup.dirs;
  if (!setup.no_stdin) options.stdin_fd = MemFile(setup.stdin_data);
  os::UniqueFd out = MemFile(""), err = MemFile("");
  options.stdout_fd = os::UniqueFd(::dup(out.get()));
  options.stderr_fd = os::UniqueFd(::dup(err.get()));
  options.listeners = std::move(setup.listeners);
  options.force_path_fallback = setup.force_path_fallback;
  options.max_output_bytes = setup.max_output;
  if (setup.deterministic) {
    Status made = MakeDeterministic(*setup.deterministic, options);
    if (!made.ok()) throw std::runtime_error(made.error().ToString());
  }
  Result<std::unique_ptr<WasiCtx>> ctx = WasiCtx::Create(std::move(options));
  if (!ctx.ok()) throw std::runtime_error(ctx.error().ToString());

  Store store(SharedEngine());
  store.SetFuel(UINT64_MAX);
  Linker linker;
  DefinePreview1(linker, store, **ctx);
  Result<Instance> instance = linker.Instantiate(store, module);
  if (!instance.ok()) throw std::runtime_error(instance.error().ToString());
  Result<CallOutcome> outcome = instance->Call("_start", {});
  if (!outcome.ok()) throw std::runtime_error(outcome.error().ToString());

  GuestResult result;
  if (outcome->returned()) {
    result.exited = true;
  } else if (outcome->trapped() && outcome->trap.kind == TrapKind::kExit) {
    result.exited = true;
    result.exit_code = outcome->trap.exit_code;
  } else if (outcome->trapped()) {
    result.trapped = true;
    result.trap = outcome->trap.ToString();
  }
  result.signal = (*ctx)->raised_signal();
  result.output_limit = (*ctx)->output_limit_reached();
  result.out = Contents(out.get());
  result.err = Contents(err.get());
  result.descriptors = (*ctx)->Descriptors();
  Result<WasiState> state = (*ctx)->Capture();
  if (!state.ok()) throw std::runtime_error(state.error().ToString());
  result.state = EncodeWasiState(*state);
  return result;
}

}  // namespace cella::wasi::testing
