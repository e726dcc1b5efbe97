// cella/result.h: Result<T>, a value or an Error (like std::expected), and the
// CELLA_TRY / CELLA_ASSIGN_OR_RETURN propagation macros. Header-only, std only.
#pragma once

#include <cassert>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#include "cella/error.h"

namespace cella {

// The error lives behind a pointer, so a Result is its value plus one word and a Status
// is one word: success paths (nearly all of them) move and destroy no strings.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) { new (&value_) T(std::move(value)); }  // NOLINT: implicit by design
  Result(Error error) : error_(std::make_unique<Error>(std::move(error))) {}  // NOLINT
  Result(const Result& other) { CopyFrom(other); }
  Result(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) { MoveFrom(std::move(other)); }
  Result& operator=(const Result& other) {
    if (this != &other) {
      Destroy();
      CopyFrom(other);
    }
    return *this;
  }
  Result& operator=(Result&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this != &other) {
      Destroy();
      MoveFrom(std::move(other));
    }
    return *this;
  }
  ~Result() { Destroy(); }

  bool ok() const { return error_ == nullptr; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return value_; }
  const T& value() const& { assert(ok()); return value_; }
  T&& value() && { assert(ok()); return std::move(value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { assert(!ok()); return *error_; }
  Error&& error() && { assert(!ok()); return std::move(*error_); }

 private:
  void Destroy() {
    if (error_ == nullptr) value_.~T();
    error_.reset();
  }
  void CopyFrom(const Result& other) {
    if (other.error_ == nullptr) {
      new (&value_) T(other.value_);
    } else {
      error_ = std::make_unique<Error>(*other.error_);
    }
  }
  void MoveFrom(Result&& other) {
    if (other.error_ == nullptr) {
      new (&value_) T(std::move(other.value_));
    } else {
      error_ = std::move(other.error_);
      // `other` keeps no value and no error: make it a valid error again.
      other.error_ = std::make_unique<Error>(*error_);
    }
  }

  union {
    T value_;
  };
  std::unique_ptr<Error> error_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::make_unique<Error>(std::move(error))) {}  // NOLINT
  Result(const Result& other) : error_(other.error_ ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Result(Result&&) noexcept = default;
  Result& operator=(const Result& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<Error>(*other.error_) : nullptr;
    return *this;
  }
  Result& operator=(Result&&) noexcept = default;

  bool ok() const { return error_ == nullptr; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(!ok()); return *error_; }
  Error&& error() && { assert(!ok()); return std::move(*error_); }

 private:
  std::unique_ptr<Error> error_;
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
