// support/cxx_eh.cc: the C++ exception entry points for programs built with clang++
// -fwasm-exceptions (WebAssembly exception handling). Debian's wasm32 C++ runtime is built
// without exceptions, so it lacks them; this provides what `throw`, `catch (...)`,
// `throw;` and cleanups (destructors run while unwinding) need. Catching by type needs
// the C++ personality routine (_Unwind_CallPersonality), which is not provided: a program
// that catches by type fails to link, it does not misbehave. Built into
// libwasi-cxx-eh.a by tools/wasi-programs/build; see docs/real-programs.md.
//
// An exception object is allocated with a header in front of it; the wasm exception's
// payload (tag __cpp_exception, one i32) is the object's address. Catch blocks in
// progress are kept on a stack (most recent last) for __cxa_end_catch and __cxa_rethrow.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

namespace {

struct Header {
  void* type;                 // the thrown type's std::type_info (unused: catch (...) only)
  void (*destructor)(void*);  // the object's destructor, or null
  int handlers;               // catch blocks that caught it and have not ended
  int rethrown;               // set by __cxa_rethrow: the current catch does not own it
};
constexpr size_t kHeaderSize = (sizeof(Header) + 15) & ~size_t{15};  // objects stay 16-aligned

Header* HeaderOf(void* object) { return reinterpret_cast<Header*>(static_cast<char*>(object) - kHeaderSize); }

// The objects of the catch blocks in progress (null for a foreign exception).
constexpr int kMaxCaught = 256;
void* caught[kMaxCaught];
int caught_count = 0;

void FreeObject(void* object) {
  Header* header = HeaderOf(object);
  if (header->destructor != nullptr) header->destructor(object);
  free(header);
}

[[noreturn]] void Throw(void* object) { __builtin_wasm_throw(0, object); }

}  // namespace

// The vtables that the compiler's std::type_info objects for thrown types point to. Only
// their addresses matter here (nothing compares types).
extern "C" {
const void* cella_class_type_info_vtable[4] __asm__("_ZTVN10__cxxabiv117__class_type_infoE") = {};
const void* cella_si_class_type_info_vtable[4] __asm__("_ZTVN10__cxxabiv120__si_class_type_infoE") = {};
const void* cella_vmi_class_type_info_vtable[4] __asm__("_ZTVN10__cxxabiv121__vmi_class_type_infoE") = {};
const void* cella_pointer_type_info_vtable[4] __asm__("_ZTVN10__cxxabiv119__pointer_type_infoE") = {};
const void* cella_fundamental_type_info_vtable[4] __asm__("_ZTVN10__cxxabiv123__fundamental_type_infoE") = {};

void* __cxa_allocate_exception(size_t size) {
  void* block = aligned_alloc(16, (kHeaderSize + size + 15) & ~size_t{15});
  if (block == nullptr) abort();
  memset(block, 0, kHeaderSize);
  return static_cast<char*>(block) + kHeaderSize;
}

void __cxa_free_exception(void* object) { free(HeaderOf(object)); }

[[noreturn]] void __cxa_throw(void* object, void* type, void (*destructor)(void*)) {
  Header* header = HeaderOf(object);
  header->type = type;
  header->destructor = destructor;
  header->rethrown = 0;
  Throw(object);
}

void* __cxa_begin_catch(void* object) {
  if (caught_count == kMaxCaught) abort();
  caught[caught_count++] = object;
  if (object != nullptr) {
    Header* header = HeaderOf(object);
    ++header->handlers;
    header->rethrown = 0;
  }
  return object;
}

void __cxa_end_catch() {
  if (caught_count == 0) return;
  void* object = caught[--caught_count];
  if (object == nullptr) return;
  Header* header = HeaderOf(object);
  if (--header->handlers == 0 && !header->rethrown) FreeObject(object);
}

[[noreturn]] void __cxa_rethrow() {
  if (caught_count == 0 || caught[caught_count - 1] == nullptr) abort();
  void* object = caught[caught_count - 1];
  HeaderOf(object)->rethrown = 1;
  Throw(object);
}

// Called when an exception escapes a noexcept function or a destructor during unwinding.
[[noreturn]] void __clang_call_terminate(void*) { abort(); }
}

namespace std {
[[noreturn]] void terminate() noexcept { abort(); }
}  // namespace std
