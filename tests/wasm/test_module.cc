// tests/wasm/test_module.cc: hand-assembly helpers for the wasm tests (test_module.h).
#include "test_module.h"

#include <gtest/gtest.h>

namespace cella::wasm::testing {

Bytes Leb(uint64_t value) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
  return out;
}

Bytes Sleb(int64_t value) {
  Bytes out;
  for (;;) {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
    if (!done) byte |= 0x80;
    out.push_back(byte);
    if (done) return out;
  }
}

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes Vec(const std::vector<Bytes>& items) {
  Bytes out = Leb(items.size());
  for (const Bytes& item : items) out.insert(out.end(), item.begin(), item.end());
  return out;
}

Bytes Name(const std::string& text) { return Cat({Leb(text.size()), Bytes(text.begin(), text.end())}); }

Bytes Section(uint8_t id, const Bytes& content) { return Cat({Bytes{id}, Leb(content.size()), content}); }

Bytes Header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

Bytes FuncTypeBytes(std::initializer_list<ValType> params, std::initializer_list<ValType> results) {
  Bytes out{0x60};
  out.push_back(static_cast<uint8_t>(params.size()));
  for (ValType t : params) out.push_back(static_cast<uint8_t>(t));
  out.push_back(static_cast<uint8_t>(results.size()));
  for (ValType t : results) out.push_back(static_cast<uint8_t>(t));
  return out;
}

Bytes BodyBytes(std::initializer_list<std::pair<uint32_t, ValType>> locals, const Bytes& code) {
  Bytes out = Leb(locals.size());
  for (const auto& [count, type] : locals) {
    Bytes n = Leb(count);
    out.insert(out.end(), n.begin(), n.end());
    out.push_back(static_cast<uint8_t>(type));
  }
  out.insert(out.end(), code.begin(), code.end());
  return out;
}

Bytes TestModule::Build() const {
  Bytes out = Header();
  auto add = [&](uint8_t id, const Bytes& content) {
    Bytes section = Section(id, content);
    out.insert(out.end(), section.begin(), section.end());
  };
  if (!types.empty()) add(1, Vec(types));
  if (!imports.empty()) add(2, Vec(imports));
  if (!funcs.empty()) {
    std::vector<Bytes> items;
    for (uint32_t t : funcs) items.push_back(Leb(t));
    add(3, Vec(items));
  }
  if (!tables.empty()) add(4, Vec(tables));
  if (!memories.empty()) add(5, Vec(memories));
  if (!globals.empty()) add(6, Vec(globals));
  if (!exports.empty()) add(7, Vec(exports));
  if (start) add(8, Leb(*start));
  if (!elems.empty()) add(9, Vec(elems));
  if (data_count) add(12, Leb(*data_count));
  if (!bodies.empty()) {
    std::vector<Bytes> items;
    for (const Bytes& body : bodies) items.push_back(Cat({Leb(body.size()), body}));
    add(10, Vec(items));
  }
  if (!datas.empty()) add(11, Vec(datas));
  for (const Bytes& custom : customs) add(0, custom);
  return out;
}

TestModule OneFunction(std::initializer_list<ValType> params, std::initializer_list<ValType> results,
                       const Bytes& code, std::initializer_list<std::pair<uint32_t, ValType>> locals) {
  TestModule m;
  m.types.push_back(FuncTypeBytes(params, results));
  m.funcs.push_back(0);
  m.bodies.push_back(BodyBytes(locals, code));
  return m;
}

std::unique_ptr<Module> DecodeOk(const Bytes& bytes) {
  auto module = Decode(bytes);
  if (!module.ok()) {
    ADD_FAILURE() << "decode failed: " << module.error().ToString();
    return nullptr;
  }
  return std::move(module).value();
}

}  // namespace cella::wasm::testing
