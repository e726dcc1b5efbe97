// tests/wasm/inspect_module_test.cc: the module printer of `cella inspect`
// (cli/inspect_module.h) on a hand-assembled module, and its error line and exit codes.
#include "cli/inspect_module.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/exit_codes.h"
#include "test_module.h"

namespace cella::cli {
namespace {

using wasm::testing::BodyBytes;
using wasm::testing::Bytes;
using wasm::testing::Cat;
using wasm::testing::FuncTypeBytes;
using wasm::testing::Leb;
using wasm::testing::Name;
using wasm::testing::TestModule;
using wasm::testing::Vec;

Bytes DemoModule() {
  TestModule m;
  m.types = {FuncTypeBytes({ValType::kI32}, {ValType::kI32}), FuncTypeBytes({}, {})};
  m.imports = {Cat({Name("env"), Name("log"), Bytes{0x00, 0x01}}),
               Cat({Name("env"), Name("memory"), Bytes{0x02, 0x01, 0x01, 0x02}})};
  m.funcs = {0, 1};
  m.tables = {{0x70, 0x00, 0x02}};
  m.globals = {{0x7E, 0x01, 0x42, 0x07, 0x0B}};
  m.exports = {Cat({Name("square"), Bytes{0x00, 0x01}}), Cat({Name("counter"), Bytes{0x03, 0x00}})};
  m.start = 2;
  m.elems = {Cat({Leb(0), Bytes{0x41, 0x00, 0x0B}, Vec({Leb(1), Leb(2)})})};
  m.bodies = {BodyBytes({}, {0x20, 0x00, 0x20, 0x00, 0x6C, 0x0B}), BodyBytes({}, {0x0B})};
  m.datas = {Cat({Leb(0), Bytes{0x41, 0x10, 0x0B}, Vec({{'h'}, {'i'}})})};
  auto names = Cat({Bytes{0x00}, Leb(5), Name("demo"), Bytes{0x01}, Leb(9), Vec({Cat({Leb(1), Name("square")})})});
  m.customs = {Cat({Name("name"), names})};
  return m.Build();
}

TEST(InspectModule, DescribesEveryPartOfTheModule) {
  std::ostringstream out, err;
  EXPECT_EQ(InspectModule("demo.wasm", DemoModule(), out, err), kExitOk);
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(out.str(), R"(file:    demo.wasm
format:  wasm module, version 1, 150 bytes
name:    demo

sections (11):
   1  type       0xa   9 bytes
   2  import    0x15  26 bytes
   3  function  0x31   3 bytes
   4  table     0x36   4 bytes
   6  global    0x3c   6 bytes
   7  export    0x44  20 bytes
   8  start     0x5a    1 byte
   9  element   0x5d   8 bytes
  10  code      0x67  12 bytes
  11  data      0x75   8 bytes
   0  custom    0x7f  23 bytes  "name"

types (2):
  0  (i32) -> (i32)
  1  () -> ()

imports (2):
  env.log     func 0    () -> ()
  env.memory  memory 0  min 1, max 2 pages

functions: 3 (1 imported, 2 defined)
function names (1):
  1  square  (i32) -> (i32)

tables (1):
  0  funcref  min 2, no max

memories (1):
  0  min 1, max 2 pages  imported

globals (1):
  0  mut i64  init i64.const 7

exports (2):
  "square"   func 1    (i32) -> (i32)
  "counter"  global 0  mut i64

start: func 2

element segments: 1 (2 items)
  0  active  funcref  2 items  table 0 at i32.const 0

data segments: 1 (2 bytes)
  0  active  2 bytes  memory 0 at i32.const 16

custom sections (1):
  "name"  18 bytes
)");
}

TEST(InspectModule, DescribesAnEmptyModule) {
  std::ostringstream out, err;
  EXPECT_EQ(InspectModule("empty.wasm", wasm::testing::Header(), out, err), kExitOk);
  EXPECT_NE(out.str().find("\nimports: none\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\nstart: none\n"), std::string::npos);
  EXPECT_NE(out.str().find("\nelement segments: 0 (0 items)\n"), std::string::npos);
}

TEST(InspectModule, ReportsMalformedModules) {
  std::ostringstream out, err;
  Bytes bytes = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
  EXPECT_EQ(InspectModule("v2.wasm", bytes, out, err), kExitBadModule);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(),
            "cella: v2.wasm: malformed module: unknown binary version: at byte 0x4: unknown binary version 2 "
            "(expected 1)\n");
}

TEST(InspectModule, ReportsInvalidModules) {
  std::ostringstream out, err;
  TestModule m = wasm::testing::OneFunction({}, {ValType::kI32}, {0x0B});
  EXPECT_EQ(InspectModule("bad.wasm", m.Build(), out, err), kExitBadModule);
  EXPECT_EQ(err.str().rfind("cella: bad.wasm: invalid module: type mismatch: at byte 0x", 0), 0u) << err.str();
}

}  // namespace
}  // namespace cella::cli
