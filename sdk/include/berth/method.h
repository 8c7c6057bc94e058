#pragma once
#include <optional>
#include <string_view>

namespace berth {

enum class Method { get, head, post, put, patch, del, options };

inline constexpr std::string_view to_string(Method m) noexcept {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
  }
  return "GET";
}

inline constexpr std::optional<Method> parse_method(std::string_view s) noexcept {
  for (Method m : {Method::get, Method::head, Method::post, Method::put, Method::patch,
                   Method::del, Method::options})
    if (to_string(m) == s) return m;
  return std::nullopt;
}

}  // namespace berth
