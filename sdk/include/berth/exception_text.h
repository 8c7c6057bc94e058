#pragma once
// An exception described for a log: its type as well as its text, since what() alone often says
// little (std::stoll("abc") throws std::invalid_argument whose what() is "stoll"). Header-only,
// so it runs in the plugin's own code, inside the catch that stops the exception at the boundary.
#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <typeinfo>

namespace berth::detail {

// A type_info's name as written in source ("std::invalid_argument"), or as the compiler mangled
// it if it cannot be demangled.
inline std::string type_name(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> plain(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && plain ? std::string(plain.get()) : std::string(type.name());
}

// Inside a catch: "std::invalid_argument: stoll" for a std::exception (its type alone when
// what() is empty or says only that), "unknown exception of type Foo" for anything else. Never
// empty, so that callers can keep "" for success.
inline std::string describe_current_exception() noexcept {
  try {
    try {
      throw;
    } catch (const std::exception& e) {
      std::string type = type_name(typeid(e));
      std::string what = e.what();
      if (what.empty() || what == type) return type;
      return type + ": " + what;
    } catch (...) {
      const std::type_info* type = abi::__cxa_current_exception_type();
      return type ? "unknown exception of type " + type_name(*type) : "unknown exception";
    }
  } catch (...) {
    return "exception";  // out of memory: short enough for std::string's own buffer
  }
}

}  // namespace berth::detail
