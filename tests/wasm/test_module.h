// tests/wasm/test_module.h: hand-assembly helpers for the wasm tests: LEB128 and vector
// encodings, sections, and TestModule, which lays out a module's sections in order.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasm/decoder.h"
#include "wasm/module.h"

namespace cella::wasm::testing {

using Bytes = std::vector<uint8_t>;

Bytes Leb(uint64_t value);
Bytes Sleb(int64_t value);
Bytes Cat(std::initializer_list<Bytes> parts);
// vec(item): count then the items.
Bytes Vec(const std::vector<Bytes>& items);
Bytes Name(const std::string& text);
Bytes Section(uint8_t id, const Bytes& content);
Bytes Header();

// functype: 0x60 vec(params) vec(results).
Bytes FuncTypeBytes(std::initializer_list<ValType> params, std::initializer_list<ValType> results);
// A code entry's content: local runs (count, type), then the code (which should end in 0x0B).
Bytes BodyBytes(std::initializer_list<std::pair<uint32_t, ValType>> locals, const Bytes& code);

// Sections laid out in the binary's order; empty vectors omit the section.
struct TestModule {
  std::vector<Bytes> types;
  std::vector<Bytes> imports;
  std::vector<uint32_t> funcs;  // type index of each defined function
  std::vector<Bytes> tables;
  std::vector<Bytes> memories;
  std::vector<Bytes> globals;
  std::vector<Bytes> exports;
  std::optional<uint32_t> start;
  std::vector<Bytes> elems;
  std::optional<uint32_t> data_count;
  std::vector<Bytes> bodies;  // BodyBytes; the size prefix is added
  std::vector<Bytes> datas;
  std::vector<Bytes> customs;  // content of custom sections (name + payload), appended last

  Bytes Build() const;
};

// One function of type `params -> results` with body `code`, plus the given memory
// (e.g. {0x00, 0x01}) when non-empty.
TestModule OneFunction(std::initializer_list<ValType> params, std::initializer_list<ValType> results,
                       const Bytes& code, std::initializer_list<std::pair<uint32_t, ValType>> locals = {});

// Decode, failing the test with the error text when it does not succeed.
std::unique_ptr<Module> DecodeOk(const Bytes& bytes);

}  // namespace cella::wasm::testing
