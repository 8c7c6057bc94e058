#include "http/uri.h"

namespace berth::http {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The path and query part of an absolute-form target ("http://host/p?q" -> "/p?q").
std::string_view origin_part(std::string_view target) {
  auto scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return {};
  auto rest = target.substr(scheme_end + 3);
  auto path_start = rest.find_first_of("/?");
  if (path_start == std::string_view::npos) return "/";
  return rest.substr(path_start);
}

bool decode_query(std::string_view query, Request& request) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), true, key)) return false;
    if (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), true, value))
      return false;
    request.query.emplace(std::move(key), std::move(value));
  }
  return true;
}

}  // namespace

bool percent_decode(std::string_view in, bool plus_is_space, std::string& out) {
  if (in.find('%') == std::string_view::npos && (!plus_is_space || in.find('+') == in.npos)) {
    out.append(in);
    return true;
  }
  out.reserve(out.size() + in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;
      out.push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

Expected<void> decode_target(Request& request) {
  std::string_view target = request.target;
  if (target == "*") {
    request.path = "*";
    return {};
  }
  if (target.empty() || target.front() != '/') target = origin_part(target);
  if (target.empty() || target.front() != '/') {
    return unexpected("request target must be a path starting with '/'");
  }
  target = target.substr(0, target.find('#'));
  auto qmark = target.find('?');
  if (!percent_decode(target.substr(0, qmark), false, request.path)) {
    return unexpected("malformed percent-encoding in the request path");
  }
  if (qmark != std::string_view::npos && !decode_query(target.substr(qmark + 1), request)) {
    return unexpected("malformed percent-encoding in the query string");
  }
  return {};
}

}  // namespace berth::http
