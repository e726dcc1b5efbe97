// sandbox/cgroup_detect.cc: finds the caller's cgroups from /proc/self/mountinfo and
// /proc/self/cgroup, for v2, v1 or a hybrid of both. Detects; never assumes a path.
// Parent side; thread-safe.
#include <linux/magic.h>
#include <sys/statfs.h>

#include <sstream>

#include "os/errno_error.h"
#include "os/file_io.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox {
namespace {

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(sep, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      int value = 0;
      bool octal = true;
      for (size_t j = 1; j <= 3; ++j) {
        if (i + j >= text.size() || text[i + j] < '0' || text[i + j] > '7') octal = false;
        else value = value * 8 + (text[i + j] - '0');
      }
      if (octal) {
        out += static_cast<char>(value);
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// The directory of cgroup `path` in a hierarchy mounted at `mount_point` whose root is
// `mount_root`; empty when the cgroup lies outside that mount.
std::string DirFor(const std::string& mount_point, const std::string& mount_root, const std::string& path) {
  if (mount_root == "/") return path == "/" ? mount_point : mount_point + path;
  if (path == mount_root) return mount_point;
  if (path.compare(0, mount_root.size(), mount_root) == 0 && path.size() > mount_root.size() && path[mount_root.size()] == '/') {
    return mount_point + path.substr(mount_root.size());
  }
  return {};
}

}  // namespace

CgroupLayout ParseCgroupLayout(std::string_view mountinfo, std::string_view proc_cgroup) {
  // Caller's cgroup per v1 controller, and in v2.
  std::map<std::string, std::string> v1_paths;
  std::optional<std::string> v2_path;
  for (const std::string& line : Split(proc_cgroup, '\n')) {
    std::vector<std::string> fields = Split(line, ':');
    if (fields.size() < 3) continue;
    std::string path = line.substr(fields[0].size() + fields[1].size() + 2);
    if (fields[0] == "0" && fields[1].empty()) {
      v2_path = path;
      continue;
    }
    for (const std::string& controller : Split(fields[1], ',')) {
      if (!controller.empty() && controller.rfind("name=", 0) != 0) v1_paths[controller] = path;
    }
  }
  CgroupLayout layout;
  for (const std::string& line : Split(mountinfo, '\n')) {
    std::vector<std::string> fields = Split(line, ' ');
    size_t dash = 0;
    while (dash < fields.size() && fields[dash] != "-") ++dash;
    if (dash < 6 || dash + 3 > fields.size()) continue;
    const std::string& type = fields[dash + 1];
    std::string root = Unescape(fields[3]);
    std::string mount_point = Unescape(fields[4]);
    if (type == "cgroup2" && v2_path && layout.v2_dir.empty()) {
      layout.v2_dir = DirFor(mount_point, root, *v2_path);
    } else if (type == "cgroup") {
      for (const std::string& option : Split(fields[dash + 3], ',')) {
        auto found = v1_paths.find(option);
        if (found == v1_paths.end() || layout.v1_dirs.count(option) != 0) continue;
        std::string dir = DirFor(mount_point, root, found->second);
        if (!dir.empty()) layout.v1_dirs[option] = dir;
      }
    }
  }
  return layout;
}

Status UseCgroupParent(CgroupLayout& layout, const std::string& dir) {
  struct statfs fs{};
  if (::statfs(dir.c_str(), &fs) != 0) return os::ErrnoError("cgroup parent " + dir, errno, Errc::kNotFound);
  if (fs.f_type != CGROUP2_SUPER_MAGIC) {
    return MakeError(Errc::kInvalidArgument, "cgroup parent " + dir + " is not a cgroup v2 directory");
  }
  CELLA_ASSIGN_OR_RETURN(std::string controllers, os::ReadFile(dir + "/cgroup.controllers"));
  layout.v2_dir = dir;
  layout.v2_controllers.clear();
  std::istringstream words(controllers);
  for (std::string word; words >> word;) layout.v2_controllers.push_back(word);
  return OkStatus();
}

Result<CgroupLayout> DetectCgroupLayout() {
  CELLA_ASSIGN_OR_RETURN(std::string mountinfo, os::ReadFile("/proc/self/mountinfo"));
  CELLA_ASSIGN_OR_RETURN(std::string proc_cgroup, os::ReadFile("/proc/self/cgroup"));
  CgroupLayout layout = ParseCgroupLayout(mountinfo, proc_cgroup);
  if (!layout.v2_dir.empty()) {
    auto controllers = os::ReadFile(layout.v2_dir + "/cgroup.controllers");
    if (controllers.ok()) {
      std::istringstream words(*controllers);
      for (std::string word; words >> word;) layout.v2_controllers.push_back(word);
    } else {
      layout.v2_dir.clear();  // not a usable v2 hierarchy
    }
  }
  return layout;
}

}  // namespace cella::sandbox
