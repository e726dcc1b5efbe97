// os/file_io.h: whole-file reads and writes by path or at a directory fd, and an atomic
// replace (temp file, fsync, rename). Errors name the path and errno. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace cella::os {

// Reads a whole (small or pseudo) file such as /proc/self/mountinfo or a cgroup file.
Result<std::string> ReadFile(const std::string& path);
// Reads a whole file of any size as bytes (a regular file in one read of its size).
Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path);

// Opens an existing file for writing (no create, no truncate) and writes `data` in one
// write(2): the form cgroup and /proc control files need.
Status WriteExisting(const std::string& path, std::string_view data);

// Creates or replaces `path` atomically: writes `path`.tmp-XXXXXX in the same directory,
// fsyncs it, renames it over `path` and fsyncs the directory. `mode` as for open(2).
Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode = 0644);

// Removes `path` and everything below it without following symlinks. Missing is success.
Status RemoveTree(const std::string& path);

}  // namespace cella::os
