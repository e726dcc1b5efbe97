// wasi/errno.h: WASI errno values (as the witx numbers them), their names, the mapping
// from host errno, and ErrnoOr<T>, the result of every WASI operation: a value or the
// errno the guest receives. Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

namespace cella::wasi {

// X(enumerator, name)
#define CELLA_WASI_ERRNO_LIST(X)                                                                   \
  X(kSuccess, "ESUCCESS") X(k2big, "E2BIG") X(kAcces, "EACCES") X(kAddrinuse, "EADDRINUSE")      \
  X(kAddrnotavail, "EADDRNOTAVAIL") X(kAfnosupport, "EAFNOSUPPORT") X(kAgain, "EAGAIN")          \
  X(kAlready, "EALREADY") X(kBadf, "EBADF") X(kBadmsg, "EBADMSG") X(kBusy, "EBUSY")              \
  X(kCanceled, "ECANCELED") X(kChild, "ECHILD") X(kConnaborted, "ECONNABORTED")                  \
  X(kConnrefused, "ECONNREFUSED") X(kConnreset, "ECONNRESET") X(kDeadlk, "EDEADLK")              \
  X(kDestaddrreq, "EDESTADDRREQ") X(kDom, "EDOM") X(kDquot, "EDQUOT") X(kExist, "EEXIST")        \
  X(kFault, "EFAULT") X(kFbig, "EFBIG") X(kHostunreach, "EHOSTUNREACH") X(kIdrm, "EIDRM")        \
  X(kIlseq, "EILSEQ") X(kInprogress, "EINPROGRESS") X(kIntr, "EINTR") X(kInval, "EINVAL")        \
  X(kIo, "EIO") X(kIsconn, "EISCONN") X(kIsdir, "EISDIR") X(kLoop, "ELOOP") X(kMfile, "EMFILE")  \
  X(kMlink, "EMLINK") X(kMsgsize, "EMSGSIZE") X(kMultihop, "EMULTIHOP")                          \
  X(kNametoolong, "ENAMETOOLONG") X(kNetdown, "ENETDOWN") X(kNetreset, "ENETRESET")              \
  X(kNetunreach, "ENETUNREACH") X(kNfile, "ENFILE") X(kNobufs, "ENOBUFS") X(kNodev, "ENODEV")    \
  X(kNoent, "ENOENT") X(kNoexec, "ENOEXEC") X(kNolck, "ENOLCK") X(kNolink, "ENOLINK")            \
  X(kNomem, "ENOMEM") X(kNomsg, "ENOMSG") X(kNoprotoopt, "ENOPROTOOPT") X(kNospc, "ENOSPC")      \
  X(kNosys, "ENOSYS") X(kNotconn, "ENOTCONN") X(kNotdir, "ENOTDIR") X(kNotempty, "ENOTEMPTY")    \
  X(kNotrecoverable, "ENOTRECOVERABLE") X(kNotsock, "ENOTSOCK") X(kNotsup, "ENOTSUP")            \
  X(kNotty, "ENOTTY") X(kNxio, "ENXIO") X(kOverflow, "EOVERFLOW") X(kOwnerdead, "EOWNERDEAD")    \
  X(kPerm, "EPERM") X(kPipe, "EPIPE") X(kProto, "EPROTO") X(kProtonosupport, "EPROTONOSUPPORT")  \
  X(kPrototype, "EPROTOTYPE") X(kRange, "ERANGE") X(kRofs, "EROFS") X(kSpipe, "ESPIPE")          \
  X(kSrch, "ESRCH") X(kStale, "ESTALE") X(kTimedout, "ETIMEDOUT") X(kTxtbsy, "ETXTBSY")          \
  X(kXdev, "EXDEV") X(kNotcapable, "ENOTCAPABLE")

enum class Errno : uint16_t {
#define CELLA_WASI_ERRNO_ENUM(e, name) e,
  CELLA_WASI_ERRNO_LIST(CELLA_WASI_ERRNO_ENUM)
#undef CELLA_WASI_ERRNO_ENUM
};

// "ENOTCAPABLE"; "errno 123" style for values outside the list.
std::string_view ErrnoName(Errno e);

// The WASI errno for a host errno value (EIO for ones WASI lacks).
Errno ErrnoFromHost(int host_errno);

// A value, or the errno the guest gets. [[nodiscard]] like Result.
template <class T>
class [[nodiscard]] ErrnoOr {
 public:
  ErrnoOr(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  ErrnoOr(Errno e) : v_(std::in_place_index<1>, e) {}                 // NOLINT: implicit
  bool ok() const { return v_.index() == 0; }
  Errno error() const { return ok() ? Errno::kSuccess : std::get<1>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  T& operator*() { return std::get<0>(v_); }

 private:
  std::variant<T, Errno> v_;
};

}  // namespace cella::wasi

#define CELLA_WASI_CONCAT_INNER(a, b) a##b
#define CELLA_WASI_CONCAT(a, b) CELLA_WASI_CONCAT_INNER(a, b)

// `lhs = value of expr` (an ErrnoOr), or returns its errno from the enclosing function.
#define WASI_ASSIGN_OR_RETURN(lhs, expr) \
  WASI_ASSIGN_OR_RETURN_IMPL(CELLA_WASI_CONCAT(wasi_result_, __COUNTER__), lhs, expr)
#define WASI_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.error();               \
  lhs = std::move(tmp).value()

// Returns `expr` (an Errno) from the enclosing function unless it is kSuccess.
#define WASI_TRY(expr)                                                      \
  do {                                                                      \
    ::cella::wasi::Errno wasi_try_errno_ = (expr);                          \
    if (wasi_try_errno_ != ::cella::wasi::Errno::kSuccess) return wasi_try_errno_; \
  } while (0)
