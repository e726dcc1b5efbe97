// cella/store.h: a Store owns instances and their functions, memories, tables and
// globals, the engine-managed call stack, and the fuel tank. Calls into a store run on
// the calling thread; a Store is not thread-safe, except for InterruptHandle, which any
// thread may use to stop a running call.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "cella/engine.h"
#include "cella/result.h"
#include "cella/trap.h"
#include "cella/types.h"
#include "cella/value.h"

namespace cella {

namespace detail {
struct StoreImpl;
}

class Store;
class Instance;

enum class PauseReason : uint8_t {
  kOutOfFuel,    // the next instruction could not be paid for
  kInterrupted,  // InterruptHandle::Interrupt() was called
};
std::string_view PauseReasonName(PauseReason reason);

// How a call (or a resumed call) ended.
struct CallOutcome {
  enum class Status : uint8_t { kReturned, kTrapped, kPaused };
  Status status = Status::kReturned;
  std::vector<Value> results;  // kReturned
  TrapInfo trap;               // kTrapped (trap.kind == kExit for a host-requested exit)
  PauseReason pause = PauseReason::kOutOfFuel;  // kPaused

  bool returned() const { return status == Status::kReturned; }
  bool trapped() const { return status == Status::kTrapped; }
  bool paused() const { return status == Status::kPaused; }
};

// One wasm frame of a paused (or host-calling) execution, in wasm-level coordinates only.
// An exception held by an open catch arm (exception handling): `rethrow` throws it again.
struct HeldException {
  uint32_t tag_index = 0;      // in the frame's module's tag index space
  std::vector<Value> payload;  // the tag's parameter values
};

struct FrameInfo {
  // HeldException::tag_index of an exception whose tag the frame's module does not have
  // (caught by catch_all from another instance): such a frame cannot be restored.
  static constexpr uint32_t kForeignTag = UINT32_MAX;

  uint32_t func_index = 0;     // in its module's function index space
  std::string func_name;       // from the name section, or ""
  uint32_t body_offset = 0;    // offset of the next instruction within the function's code
                               // (after the local declarations); for a caller frame, the
                               // instruction after the call
  uint32_t module_offset = 0;  // the same position as a module byte offset
  std::vector<Value> locals;   // parameters then declared locals
  std::vector<Value> stack;    // operand stack, bottom first (a caller frame: values below
                               // the call's arguments)
  // One per catch arm open at this position, outermost first (docs/exceptions.md).
  std::vector<HeldException> held_exceptions;
};

// Thread-safe: asks the store's running call to pause at its next check (loop headers
// and function entries), with the same resumable state as running out of fuel.
class InterruptHandle {
 public:
  void Interrupt() const;
  explicit operator bool() const { return flag_ != nullptr; }

 private:
  friend class Store;
  explicit InterruptHandle(std::shared_ptr<std::atomic<bool>> flag) : flag_(std::move(flag)) {}
  std::shared_ptr<std::atomic<bool>> flag_;
};

// ---- Handles to store objects. Valid while their Store lives. ----

class HostContext;

// What a host function tells the engine.
class HostOutcome {
 public:
  static HostOutcome Ok() { return HostOutcome(Kind::kOk, {}, 0); }
  static HostOutcome Trap(std::string message) { return HostOutcome(Kind::kTrap, std::move(message), 0); }
  // Unwinds the whole call; the outcome is kTrapped with TrapKind::kExit and `code`.
  static HostOutcome Exit(int32_t code) { return HostOutcome(Kind::kExit, {}, code); }

  enum class Kind : uint8_t { kOk, kTrap, kExit };
  Kind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  int32_t exit_code() const { return exit_code_; }

 private:
  HostOutcome(Kind kind, std::string message, int32_t code)
      : kind_(kind), message_(std::move(message)), exit_code_(code) {}
  Kind kind_;
  std::string message_;
  int32_t exit_code_;
};

// A host function: reads `args` (already type-checked), writes every element of
// `results` (pre-filled with zero values of the result types).
using HostCallback = std::function<HostOutcome(HostContext& context, std::span<const Value> args,
                                               std::span<Value> results)>;

class Memory {
 public:
  MemoryType type() const;
  uint32_t pages() const;
  uint64_t size_bytes() const;
  // The whole memory; invalidated by Grow and by wasm's memory.grow.
  std::span<uint8_t> data() const;
  // Previous size in pages, or an error when the limit or maximum forbids it.
  Result<uint32_t> Grow(uint32_t delta_pages) const;
  // Bounds-checked copies (kInvalidArgument naming the range on failure).
  Status Read(uint64_t offset, std::span<uint8_t> out) const;
  Status Write(uint64_t offset, std::span<const uint8_t> in) const;
  // Replaces the whole contents with a private copy-on-write mapping of file `fd` from
  // offset 0, which must hold at least size_bytes() bytes and must not shrink while mapped:
  // pages are read from the file on first touch and writes stay private to this memory.
  // For restoring snapshots without copying (snapshot::PrepareCopyOnWrite). Every page
  // becomes dirty: those in `nonzero_pages` (increasing) as written, the others as known
  // zero — the file must read as zero there.
  Status MapCopyOnWrite(int fd, std::span<const uint32_t> nonzero_pages) const;

  // Write tracking, per 64 KiB page, for incremental hashing (state roots): pages
  // written since the last ClearDirty, in increasing order. Wasm stores, bulk
  // instructions, Write and Grow mark pages; a host writing through data() must report
  // the bytes with MarkWritten. A new memory starts with every page dirty.
  std::vector<uint32_t> DirtyPages() const;
  // True when dirty page `page` is known to be all zero without reading it (a page of a
  // new memory or added by Grow, not written since).
  bool IsZeroPage(uint32_t page) const;
  void ClearDirty() const;
  Status MarkWritten(uint64_t offset, uint64_t length) const;

  uint32_t address() const { return address_; }

 private:
  friend class Store;
  friend struct detail::StoreImpl;
  Memory(Store* store, uint32_t address) : store_(store), address_(address) {}
  Store* store_;
  uint32_t address_;
};

class Global {
 public:
  GlobalType type() const;
  Value Get() const;
  // kInvalidArgument when immutable or of another type.
  Status Set(const Value& value) const;
  uint32_t address() const { return address_; }

 private:
  friend class Store;
  friend struct detail::StoreImpl;
  Global(Store* store, uint32_t address) : store_(store), address_(address) {}
  Store* store_;
  uint32_t address_;
};

class Table {
 public:
  TableType type() const;
  uint64_t size() const;
  Result<Value> Get(uint64_t index) const;
  Status Set(uint64_t index, const Value& value) const;
  Result<uint64_t> Grow(uint64_t delta, const Value& init) const;
  uint32_t address() const { return address_; }

 private:
  friend class Store;
  friend struct detail::StoreImpl;
  Table(Store* store, uint32_t address) : store_(store), address_(address) {}
  Store* store_;
  uint32_t address_;
};

class Function {
 public:
  const FuncType& type() const;
  // Calls the function with fuel from the store. Errors (not traps) for wrong argument
  // count or types, or when the store already holds a paused call.
  Result<CallOutcome> Call(std::span<const Value> args) const;
  // The reference value for this function (e.g. to put in a table).
  Ref ref() const;
  uint32_t address() const { return address_; }

 private:
  friend class Store;
  friend struct detail::StoreImpl;
  Function(Store* store, uint32_t address) : store_(store), address_(address) {}
  Store* store_;
  uint32_t address_;
};

// An exception tag (exception handling): exported by one instance, importable by others.
// Identity is the tag itself: two tags with the same type are different tags.
class Tag {
 public:
  const FuncType& type() const;  // params = the payload types
  uint32_t address() const { return address_; }

 private:
  friend struct detail::StoreImpl;
  Tag(Store* store, uint32_t address) : store_(store), address_(address) {}
  Store* store_;
  uint32_t address_;
};

using Extern = std::variant<Function, Table, Memory, Global, Tag>;  // index = ExternKind

// Given to host functions: the store and the calling instance.
class HostContext {
 public:
  Store& store() const { return *store_; }
  // The wasm instance whose code made the call (null when called from the API).
  const Instance* caller() const { return caller_; }
  // The caller's exported "memory", or its memory 0; null when it has none.
  const Memory* memory() const { return memory_ ? &*memory_ : nullptr; }

  HostContext(Store* store, const Instance* caller, std::optional<Memory> memory)
      : store_(store), caller_(caller), memory_(std::move(memory)) {}

 private:
  Store* store_;
  const Instance* caller_;
  std::optional<Memory> memory_;
};

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Engine& engine() const;

  // ---- Fuel (see docs/fuel.md for what each instruction costs) ----
  void SetFuel(uint64_t fuel);       // fuel available to calls from now on
  Status AddFuel(uint64_t fuel);     // kInvalidArgument on overflow
  uint64_t fuel() const;             // remaining
  uint64_t fuel_consumed() const;    // total consumed by this store's calls, up to now (also
                                     // from inside a host function during a call)

  InterruptHandle interrupt_handle() const;

  // ---- A paused call (after CallOutcome::kPaused) ----
  bool has_paused_call() const;
  // Continues the paused call with the fuel now in the tank.
  Result<CallOutcome> Resume();
  // The paused call's frames, innermost first; empty when nothing is paused.
  std::vector<FrameInfo> PausedFrames() const;
  // Drops the paused call (its frames are discarded; instances stay usable).
  void AbandonPausedCall();
  // Rebuilds a paused call from frames in wasm coordinates — innermost first, as
  // PausedFrames returns them — of functions defined by `instance` (e.g. read from a
  // snapshot). Resume() then continues it. Every frame is checked: the function must be
  // defined by the instance, the top frame's offset must be an instruction boundary and
  // each caller's the position after a call of the next frame's type, and locals and
  // operand values must have exactly the types the code expects there (kInvalidArgument
  // naming the frame otherwise); depth and stack limits apply (kResourceLimit).
  Status RestorePausedCall(const Instance& instance, std::span<const FrameInfo> frames);

  // ---- Host functions ----
  Function CreateHostFunction(FuncType type, HostCallback callback, std::string debug_name = {});
  // A memory of `type` (min pages, zeroed); kResourceLimit when over the engine's limit.
  Result<Memory> CreateMemory(const MemoryType& type);
  Table CreateTable(const TableType& type, const Value& init);
  Global CreateGlobal(const GlobalType& type, const Value& value);
  // A new exception tag with payload types `type.params`; kInvalidArgument if `type` has
  // results.
  Result<Tag> CreateTag(const FuncType& type);

  detail::StoreImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<detail::StoreImpl> impl_;
};

}  // namespace cella
