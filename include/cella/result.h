// cella/result.h: Result<T>, a value or an Error (like std::expected), and the
// CELLA_TRY / CELLA_ASSIGN_OR_RETURN propagation macros. Header-only, std only.
#pragma once

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "cella/error.h"

namespace cella {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(!ok()); return *error_; }
  Error&& error() && { assert(!ok()); return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status OkStatus() { return {}; }

}  // namespace cella

#define CELLA_CONCAT_INNER(a, b) a##b
#define CELLA_CONCAT(a, b) CELLA_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result) from the enclosing function.
#define CELLA_TRY(expr)                                      \
  do {                                                       \
    auto cella_try_result_ = (expr);                         \
    if (!cella_try_result_.ok()) return std::move(cella_try_result_).error(); \
  } while (0)

// `lhs = value of expr`, or returns its error.
#define CELLA_ASSIGN_OR_RETURN(lhs, expr) \
  CELLA_ASSIGN_OR_RETURN_IMPL(CELLA_CONCAT(cella_result_, __COUNTER__), lhs, expr)
#define CELLA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return std::move(tmp).error();     \
  lhs = std::move(tmp).value()
