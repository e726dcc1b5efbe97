// cella/error.h: error codes and the Error value every fallible Cella call returns.
// An Errc names what was wrong; its Phase tells where (decode = malformed module,
// validate = invalid module, link, instantiate, execute, ...). Thread-safe (plain values).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cella {

enum class Phase : uint8_t {
  kNone,
  kDecode,       // the bytes are not a well-formed module ("malformed" in the spec)
  kValidate,     // well-formed but breaks a validation rule ("invalid")
  kLink,         // an import cannot be satisfied ("unlinkable")
  kInstantiate,  // instantiation failed, e.g. a segment out of bounds ("uninstantiable")
  kExecute,      // a trap or limit while running
  kUsage,        // bad arguments from the embedder or the command line
  kIo,           // a file or the OS failed
  kSandbox,      // native-cell confinement could not be set up
  kFormat,       // a snapshot, image, manifest or other Cella file is bad
};

// X(name, phase, description)
#define CELLA_ERRC_LIST(X)                                                            \
  X(kOk, kNone, "no error")                                                           \
  /* decode: malformed */                                                             \
  X(kUnexpectedEnd, kDecode, "unexpected end of input")                               \
  X(kBadMagic, kDecode, "magic header not detected")                                  \
  X(kBadVersion, kDecode, "unknown binary version")                                   \
  X(kIntegerTooLong, kDecode, "integer representation too long")                      \
  X(kIntegerTooLarge, kDecode, "integer too large (unused bits set)")                 \
  X(kBadSectionId, kDecode, "malformed section id")                                   \
  X(kSectionOutOfOrder, kDecode, "section out of order or duplicated")                \
  X(kSectionSizeMismatch, kDecode, "section size mismatch")                           \
  X(kBadValType, kDecode, "malformed value type")                                     \
  X(kBadRefType, kDecode, "malformed reference type")                                 \
  X(kBadOpcode, kDecode, "illegal opcode")                                            \
  X(kBadUtf8, kDecode, "malformed UTF-8 encoding")                                    \
  X(kTooManyLocals, kDecode, "too many locals")                                       \
  X(kFunctionCodeMismatch, kDecode, "function and code section have inconsistent lengths") \
  X(kDataCountMismatch, kDecode, "data count and data section have inconsistent lengths") \
  X(kDataCountRequired, kDecode, "data count section required")                       \
  X(kBadLimits, kDecode, "malformed limits flags")                                    \
  X(kBadMutability, kDecode, "malformed mutability")                                  \
  X(kBadImportKind, kDecode, "malformed import kind")                                 \
  X(kBadExportKind, kDecode, "malformed export kind")                                 \
  X(kBadElemKind, kDecode, "malformed element segment")                               \
  X(kBadDataKind, kDecode, "malformed data segment")                                  \
  X(kZeroByteExpected, kDecode, "zero byte expected")                                 \
  X(kBadFuncType, kDecode, "malformed function type")                                 \
  X(kEndExpected, kDecode, "END opcode expected")                                     \
  X(kJunkAfterEnd, kDecode, "unexpected content after last section or expression")    \
  X(kImplementationLimit, kDecode, "module exceeds an implementation limit")          \
  X(kBadTagAttribute, kDecode, "malformed tag attribute")                             \
  /* validate: invalid */                                                             \
  X(kTypeMismatch, kValidate, "type mismatch")                                        \
  X(kUnknownType, kValidate, "unknown type")                                          \
  X(kUnknownFunction, kValidate, "unknown function")                                  \
  X(kUnknownTable, kValidate, "unknown table")                                        \
  X(kUnknownMemory, kValidate, "unknown memory")                                      \
  X(kUnknownGlobal, kValidate, "unknown global")                                      \
  X(kUnknownLocal, kValidate, "unknown local")                                        \
  X(kUnknownLabel, kValidate, "unknown label")                                        \
  X(kUnknownElem, kValidate, "unknown elem segment")                                  \
  X(kUnknownData, kValidate, "unknown data segment")                                  \
  X(kAlignmentTooLarge, kValidate, "alignment must not be larger than natural")       \
  X(kImmutableGlobal, kValidate, "global is immutable")                               \
  X(kMultipleMemories, kValidate, "multiple memories")                                \
  X(kLimitsMinOverMax, kValidate, "size minimum must not be greater than maximum")    \
  X(kMemoryTooLarge, kValidate, "memory size must be at most 65536 pages (4GiB)")     \
  X(kDuplicateExport, kValidate, "duplicate export name")                             \
  X(kBadStartFunction, kValidate, "start function must have type [] -> []")           \
  X(kConstantExprRequired, kValidate, "constant expression required")                 \
  X(kUndeclaredFuncRef, kValidate, "undeclared function reference")                   \
  X(kInvalidResultArity, kValidate, "invalid result arity")                           \
  X(kUnknownTag, kValidate, "unknown tag")                                            \
  X(kNonEmptyTagResult, kValidate, "non-empty tag result type")                       \
  X(kInvalidLaneIndex, kValidate, "invalid lane index")                               \
  /* link and instantiate */                                                          \
  X(kUnknownImport, kLink, "unknown import")                                          \
  X(kIncompatibleImport, kLink, "incompatible import type")                           \
  X(kInstantiateTrap, kInstantiate, "instantiation trapped")                          \
  X(kOutOfBoundsSegment, kInstantiate, "segment out of bounds")                       \
  X(kResourceLimit, kInstantiate, "a configured resource limit was exceeded")         \
  /* execute */                                                                       \
  X(kTrap, kExecute, "trap")                                                          \
  X(kOutOfFuel, kExecute, "out of fuel")                                              \
  X(kInterrupted, kExecute, "interrupted")                                            \
  X(kNotPaused, kExecute, "no paused call to resume")                                 \
  X(kBusy, kExecute, "the store is already running or holds a paused call")           \
  /* everything else */                                                               \
  X(kInvalidArgument, kUsage, "invalid argument")                                     \
  X(kNotFound, kUsage, "not found")                                                   \
  X(kUnsupported, kUsage, "not supported")                                            \
  X(kIo, kIo, "input/output error")                                                   \
  X(kSystem, kIo, "system call failed")                                               \
  X(kSandboxSetup, kSandbox, "sandbox setup failed")                                  \
  X(kSandboxUnsupported, kSandbox, "the kernel lacks a confinement feature")          \
  X(kExecFailed, kSandbox, "the program could not be executed")                       \
  X(kBadFormat, kFormat, "malformed file")                                            \
  X(kBadManifest, kFormat, "malformed manifest")                                      \
  X(kUnknownManifestKey, kFormat, "unknown manifest key")                             \
  X(kWasmOnlyKey, kUsage, "manifest key applies only to Wasm cells")

enum class Errc : uint16_t {
#define CELLA_ERRC_ENUM(name, phase, text) name,
  CELLA_ERRC_LIST(CELLA_ERRC_ENUM)
#undef CELLA_ERRC_ENUM
};

// "kTypeMismatch" → "type-mismatch"-style stable name is not needed; these give the
// enumerator name and the spec-style description.
std::string_view ErrcName(Errc code);
std::string_view ErrcDescription(Errc code);
Phase PhaseOf(Errc code);
std::string_view PhaseName(Phase phase);

struct Error {
  Errc code = Errc::kOk;
  std::string message;  // what was wrong, where (byte offset, file, name) and what to do

  // "<description>: <message>" for printing.
  std::string ToString() const;
};

inline Error MakeError(Errc code, std::string message = {}) { return Error{code, std::move(message)}; }

}  // namespace cella
