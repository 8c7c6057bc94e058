#pragma once
// How core reports an operation that can fail: Expected<T> holds the value or the reason
// (std::string by default, or a domain error such as tasks::TaskError). std::expected is C++23 and
// not in g++ 12; this is the part of it core uses. Exceptions stay for constructors (RAII) and for
// programming errors; nothing in core returns an empty string to mean success.
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace berth {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& error) {
  return {std::forward<E>(error)};
}

template <class T, class E = std::string>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  template <class G, class = std::enable_if_t<std::is_constructible_v<E, G&&>>>
  Expected(Unexpected<G> failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const E& error() const& { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

  // As std::expected: equal to a value only when it holds one equal to it.
  template <class U>
  friend bool operator==(const Expected& expected, const U& other) {
    return expected.has_value() && expected.value() == other;
  }

 private:
  std::variant<T, E> state_;
};

template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  template <class G, class = std::enable_if_t<std::is_constructible_v<E, G&&>>>
  Expected(Unexpected<G> failure) : error_(std::move(failure.error)) {}

  bool has_value() const noexcept { return !error_; }
  explicit operator bool() const noexcept { return has_value(); }
  const E& error() const& { return *error_; }
  E&& error() && { return std::move(*error_); }

 private:
  std::optional<E> error_;
};

}  // namespace berth
