// sandbox/user_ns.cc: parent side of the user namespace: writes uid_map, setgroups and
// gid_map of the cell's init before it is released. Every failure names file and errno.
#include <string>

#include "os/errno_error.h"
#include "os/file_io.h"
#include "sandbox/namespaces.h"

namespace cella::sandbox::user_ns {

Status WriteIdMaps(pid_t pid, uid_t uid, gid_t gid) {
  std::string proc = "/proc/" + std::to_string(pid) + "/";
  // Root maps every id to itself, so files keep their real owners (overlay copy-up needs
  // that); the program still runs without capabilities. Others can map only themselves.
  std::string uid_map = uid == 0 ? "0 0 4294967295\n" : std::to_string(uid) + " " + std::to_string(uid) + " 1\n";
  std::string gid_map = uid == 0 ? "0 0 4294967295\n" : std::to_string(gid) + " " + std::to_string(gid) + " 1\n";
  auto wrap = [](Status status) -> Status {
    if (status.ok()) return status;
    return MakeError(Errc::kSandboxSetup, "user namespace: " + status.error().message);
  };
  CELLA_TRY(wrap(os::WriteExisting(proc + "uid_map", uid_map)));
  CELLA_TRY(wrap(os::WriteExisting(proc + "setgroups", "deny")));
  CELLA_TRY(wrap(os::WriteExisting(proc + "gid_map", gid_map)));
  return OkStatus();
}

}  // namespace cella::sandbox::user_ns
