// sandbox/dev_proc.cc: child side: the cell's /dev (a read-only tmpfs holding bind mounts
// of a few harmless host devices) and its own /proc, which shows only the cell's PID
// namespace. Every failed call is reported with its errno.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/errno_error.h"
#include "sandbox/mount_ns.h"

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#endif

namespace cella::sandbox::dev_proc {
namespace {

using os::ErrnoError;

Status MountOrFail(const char* source, const std::string& target, const char* type, unsigned long flags, const char* data) {
  if (::mount(source, target.c_str(), type, flags, data) != 0) {
    return ErrnoError("mount(" + std::string(type != nullptr ? type : "bind") + " " + source + " → " + target + ")", errno,
                      Errc::kSandboxSetup);
  }
  return OkStatus();
}

}  // namespace

Status SetupDev(const std::string& dir, bool tty, uint64_t shm_size) {
  CELLA_TRY(MountOrFail("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k"));
  // A tmpfs mounted in a user namespace is nodev, so device nodes cannot be created; bind
  // the host's instead (no block devices, no /dev/mem, no /dev/kmsg).
  std::vector<const char*> devices = {"null", "zero", "full", "random", "urandom"};
  if (tty) devices.push_back("tty");
  for (const char* name : devices) {
    std::string host = std::string("/dev/") + name;
    std::string target = dir + "/" + name;
    int fd = ::open(target.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) return ErrnoError("create " + target, errno, Errc::kSandboxSetup);
    ::close(fd);
    CELLA_TRY(MountOrFail(host.c_str(), target, nullptr, MS_BIND, nullptr));
  }
  const std::pair<const char*, const char*> links[] = {
      {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}};
  for (const auto& [to, name] : links) {
    std::string path = dir + "/" + name;
    if (::symlink(to, path.c_str()) != 0) return ErrnoError("symlink(" + path + ")", errno, Errc::kSandboxSetup);
  }
  std::string shm = dir + "/shm";
  if (::mkdir(shm.c_str(), 01777) != 0) return ErrnoError("mkdir(" + shm + ")", errno, Errc::kSandboxSetup);
  std::string shm_options = "mode=1777,size=" + std::to_string(shm_size);
  CELLA_TRY(MountOrFail("tmpfs", shm, "tmpfs", MS_NOSUID | MS_NODEV, shm_options.c_str()));
  return SetMountAttr(dir, MOUNT_ATTR_RDONLY, 0, false);
}

Status MountProc(const std::string& dir) {
  return MountOrFail("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
}

}  // namespace cella::sandbox::dev_proc
