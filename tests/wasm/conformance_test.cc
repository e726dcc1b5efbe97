// tests/wasm/conformance_test.cc: the decoder and validator against the WebAssembly spec
// corpus. Each non-SIMD .wast file is converted with wast2json at test time; then every
// binary module must decode and validate, every assert_malformed binary must fail to
// decode (a Phase::kDecode error), and every assert_invalid binary must decode but fail
// validation (a Phase::kValidate error). Text-form modules are skipped.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasm/decoder.h"
#include "wasm/validator.h"

namespace cella::wasm {
namespace {

namespace fs = std::filesystem;

fs::path SpecDir() { return fs::path(CELLA_CONFORMANCE_DIR) / "spec"; }

// Spec .wast files of the Wasm 2.0 corpus without SIMD (not supported yet).
std::vector<std::string> WastFiles() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(SpecDir(), ec)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".wast" && name.rfind("simd_", 0) != 0) {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The outcome every binary module of the corpus is checked against.
enum class Expect { kValid, kMalformed, kInvalid };

// Decode + Validate: the error, or none.
std::optional<Error> Check(const std::vector<uint8_t>& bytes) {
  auto module = Decode(bytes);
  if (!module.ok()) return module.error();
  Status status = Validate(**module);
  if (!status.ok()) return status.error();
  return std::nullopt;
}

// wast2json writes no data count section for a module without data segments, so a text
// module that uses a data index there (already invalid: "unknown data segment", or
// "unknown memory" first) becomes a binary that the spec's binary decoder calls
// malformed ("data count section required"). That outcome is the conversion's, not the
// decoder's, and counts as expected.
bool IsDataCountConversionArtifact(const Error& error, const std::string& expected_text,
                                   const std::vector<uint8_t>& bytes) {
  if (error.code != Errc::kDataCountRequired || expected_text.rfind("unknown ", 0) != 0) return false;
  auto module = Decode(bytes);
  return module.ok() && (*module)->datas.empty() && !(*module)->data_count;
}

// Returns a mismatch description, or "" when the module behaves as expected.
// `expected_text` is the error the script expects (assertions only).
std::string Verdict(Expect expect, const std::string& expected_text, const std::vector<uint8_t>& bytes,
                    int& artifacts) {
  std::optional<Error> error = Check(bytes);
  switch (expect) {
    case Expect::kValid:
      return error ? "expected a valid module, got " + std::string(PhaseName(PhaseOf(error->code))) + ": " +
                         error->ToString()
                   : "";
    case Expect::kMalformed:
      if (!error) return "expected malformed, but it decoded and validated";
      if (PhaseOf(error->code) != Phase::kDecode) return "expected malformed, got " + error->ToString();
      return "";
    case Expect::kInvalid:
      if (!error) return "expected invalid, but it decoded and validated";
      if (IsDataCountConversionArtifact(*error, expected_text, bytes)) {
        ++artifacts;
        return "";
      }
      if (PhaseOf(error->code) != Phase::kValidate) return "expected invalid, got " + error->ToString();
      return "";
  }
  return "";
}

std::vector<uint8_t> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST(ConformanceCorpus, HasWastFiles) {
  EXPECT_FALSE(WastFiles().empty()) << "no .wast files in " << SpecDir()
                                    << "; set CELLA_CONFORMANCE_DIR to the conformance corpus";
}

TEST_P(Conformance, DecodesAndValidatesAsSpecified) {
  const std::string name = GetParam();
  const fs::path wast = SpecDir() / (name + ".wast");
  const fs::path work = fs::path(CELLA_WASM_CONFORMANCE_WORK_DIR) / name;
  fs::remove_all(work);
  fs::create_directories(work);
  const fs::path json_path = work / (name + ".json");
  const std::string command = "wast2json '" + wast.string() + "' -o '" + json_path.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << "failed: " << command;

  std::ifstream json_in(json_path);
  nlohmann::json script = nlohmann::json::parse(json_in);
  int checked = 0, passed = 0, skipped = 0, artifacts = 0;
  std::vector<std::string> failures;
  for (const auto& command_json : script["commands"]) {
    const std::string type = command_json.value("type", "");
    const std::string filename = command_json.value("filename", "");
    const std::string module_type = command_json.value("module_type", "binary");
    Expect expect;
    if (type == "module" || type == "assert_unlinkable" || type == "assert_uninstantiable") {
      expect = Expect::kValid;
    } else if (type == "assert_malformed") {
      expect = Expect::kMalformed;
    } else if (type == "assert_invalid") {
      expect = Expect::kInvalid;
    } else {
      continue;
    }
    if (filename.empty() || module_type != "binary" || fs::path(filename).extension() != ".wasm") {
      ++skipped;
      continue;
    }
    ++checked;
    std::string mismatch = Verdict(expect, command_json.value("text", ""), ReadFile(work / filename), artifacts);
    if (mismatch.empty()) {
      ++passed;
    } else {
      failures.push_back(wast.filename().string() + ":" + std::to_string(command_json.value("line", 0)) + ": " +
                         type + " " + filename + ": " + mismatch);
    }
  }
  std::printf("%s: %d/%d binary modules as specified (%d text modules skipped", name.c_str(), passed, checked,
              skipped);
  if (artifacts > 0) std::printf("; %d data count conversion artifacts", artifacts);
  std::printf(")\n");
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Spec, Conformance, ::testing::ValuesIn(WastFiles()), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Conformance);

}  // namespace
}  // namespace cella::wasm
