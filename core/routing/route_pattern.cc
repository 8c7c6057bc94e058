#include "routing/route_pattern.h"

#include <algorithm>

namespace berth::routing {
namespace {

bool valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  while (!path.empty()) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

Expected<RoutePattern> parse_pattern(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return unexpected("route path '" + std::string(path) + "' must start with '/'");
  }
  RoutePattern pattern;
  std::string_view rest = path.substr(1);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part.empty()) {
      return unexpected("route path '" + std::string(path) + "' has an empty segment");
    }
    if (part.front() == ':') {
      std::string_view name = part.substr(1);
      if (!valid_param_name(name)) {
        return unexpected("route path '" + std::string(path) + "' has a bad parameter name '" +
                          std::string(part) + "'");
      }
      for (const auto& s : pattern.segments) {
        if (s.is_param && s.text == name) {
          return unexpected("route path '" + std::string(path) + "' repeats parameter '" +
                            std::string(part) + "'");
        }
      }
      pattern.segments.push_back({std::string(name), true});
    } else {
      pattern.segments.push_back({std::string(part), false});
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  for (const auto& s : pattern.segments)
    pattern.text += std::string("/") + (s.is_param ? ":" : "") + s.text;
  if (pattern.text.empty()) pattern.text = "/";
  return pattern;
}

std::string join_mount(std::string_view mount, std::string_view path) {
  std::string m(mount);
  while (!m.empty() && m.back() == '/') m.pop_back();
  if (path.empty() || path == "/") return m.empty() ? "/" : m;
  return m + (path.front() == '/' ? "" : "/") + std::string(path);
}

}  // namespace berth::routing
