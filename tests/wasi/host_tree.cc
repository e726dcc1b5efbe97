// tests/wasi/host_tree.cc: TempTree and Fingerprint (see host_tree.h). Test-only.
#include "host_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "os/file_io.h"

namespace cella::wasi::testing {
namespace {

void Check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what + " failed");
}

uint64_t Fnv1a(const std::string& data) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void Walk(const std::string& root, const std::string& relative, std::ostringstream& out) {
  std::string path = relative.empty() ? root : root + "/" + relative;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return;
  std::vector<std::string> names;
  while (dirent* e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    std::string rel = relative.empty() ? name : relative + "/" + name;
    std::string full = root + "/" + rel;
    struct stat st {};
    if (::lstat(full.c_str(), &st) != 0) continue;
    out << rel << ' ' << std::oct << (st.st_mode & 07777) << std::dec << ' ';
    if (S_ISLNK(st.st_mode)) {
      char target[4096];
      ssize_t n = ::readlink(full.c_str(), target, sizeof target);
      out << "link " << std::string(target, n > 0 ? static_cast<size_t>(n) : 0) << '\n';
    } else if (S_ISDIR(st.st_mode)) {
      out << "dir\n";
      Walk(root, rel, out);
    } else if (S_ISREG(st.st_mode)) {
      out << "file " << st.st_size << ' ' << std::hex << Fnv1a(ReadText(full)) << std::dec << '\n';
    } else {
      out << "other\n";
    }
  }
}

}  // namespace

TempTree::TempTree() {
  char pattern[] = "/tmp/cella-wasi-XXXXXX";
  Check(::mkdtemp(pattern) != nullptr, "mkdtemp");
  root_ = pattern;
}

TempTree::~TempTree() { (void)os::RemoveTree(root_); }

void TempTree::Dir(const std::string& relative) const {
  Check(::mkdir(Path(relative).c_str(), 0755) == 0, "mkdir " + relative);
}

void TempTree::File(const std::string& relative, const std::string& content) const {
  std::ofstream out(Path(relative), std::ios::binary);
  out << content;
  Check(out.good(), "write " + relative);
}

void TempTree::Symlink(const std::string& relative, const std::string& target) const {
  Check(::symlink(target.c_str(), Path(relative).c_str()) == 0, "symlink " + relative);
}

std::string Fingerprint(const std::string& root) {
  std::ostringstream out;
  Walk(root, "", out);
  return out.str();
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace cella::wasi::testing
