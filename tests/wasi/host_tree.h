// tests/wasi/host_tree.h: temporary host trees for the WASI tests and a fingerprint of
// everything in one (names, types, modes, sizes, contents, symlink targets), to prove an
// attack left the host unchanged. Test-only.
#pragma once

#include <string>

namespace cella::wasi::testing {

// A fresh directory under /tmp, removed with everything in it.
class TempTree {
 public:
  TempTree();
  ~TempTree();
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  const std::string& root() const { return root_; }
  std::string Path(const std::string& relative) const { return root_ + "/" + relative; }

  void Dir(const std::string& relative) const;
  void File(const std::string& relative, const std::string& content) const;
  void Symlink(const std::string& relative, const std::string& target) const;

 private:
  std::string root_;
};

// A canonical listing of the tree below `root` (lstat, never following symlinks), one
// line per entry in name order: "path type mode size content-hash|target".
std::string Fingerprint(const std::string& root);

std::string ReadText(const std::string& path);

}  // namespace cella::wasi::testing
