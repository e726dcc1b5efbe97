// wast/json_commands.h: reads and parses wast2json output (the JSON command list) into
// a Script, converting argument values to cella::Value and expected results to
// ExpectedValue. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cella/result.h"
#include "wast/script.h"

namespace cella::wast {

// Parses the text of a wast2json .json file. Errors are kBadFormat, naming the command
// index, its line in the .wast source and what was wrong (bad JSON syntax, a missing or
// mistyped field, a value that is not a decimal number of the right width, …).
// Unknown command types are not errors: they become CommandType::kUnsupported.
Result<Script> ParseScript(std::string_view json_text);

// Reads a whole file. Errors are kIo, naming the path.
using FileLoader = std::function<Result<std::vector<uint8_t>>(const std::string& path)>;
Result<std::vector<uint8_t>> ReadHostFile(const std::string& path);

// Reads and parses `json_path`. Errors: kIo when it cannot be read, kBadFormat when it is
// not wast2json output; both messages start with the path. A missing "source_filename"
// defaults to the JSON file's stem + ".wast".
Result<Script> LoadScript(const std::string& json_path, const FileLoader& loader);

}  // namespace cella::wast
