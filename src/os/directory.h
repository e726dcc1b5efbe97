// os/directory.h: opening a granted host directory by path (the one ambient-authority
// open of a Wasm cell's file grants) and listing a directory through a descriptor.
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "os/unique_fd.h"

namespace cella::os {

// Opens the host directory `path` (O_RDONLY | O_DIRECTORY); errors name the path.
Result<UniqueFd> OpenDirectory(const std::string& path);

// Opens the host file `path` for a stream: reading (`write` false) or writing, created
// and truncated. Errors name the path.
Result<UniqueFd> OpenStreamFile(const std::string& path, bool write);

struct DirEntryInfo {
  std::string name;
  uint64_t ino = 0;
  unsigned char type = 0;  // DT_* from getdents (DT_UNKNOWN when the file system is silent)
};

// Every entry of the directory `dirfd` (including "." and ".."), in the order the file
// system returns them. Reads through a fresh open of the directory, so `dirfd` itself is
// untouched. Returns 0 or an errno value.
int ListDirectory(int dirfd, std::vector<DirEntryInfo>* out);

}  // namespace cella::os
