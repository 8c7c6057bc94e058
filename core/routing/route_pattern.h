#pragma once
// A route path such as "/notes/:id/tags": literal segments and named parameters.
#include "base/expected.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::routing {

struct Segment {
  std::string text;  // the literal, or the parameter's name
  bool is_param = false;
};

struct RoutePattern {
  std::vector<Segment> segments;  // empty for "/"
  std::string text;               // normalised: "/notes/:id"
};

// Parses and normalises; a failure names what is wrong ("empty segment", "bad parameter name
// ':'", "duplicate parameter ':id'").
Expected<RoutePattern> parse_pattern(std::string_view path);

// "/" + "/x" -> "/x"; "/notes" + "/" -> "/notes"; "/notes" + "/:id" -> "/notes/:id".
std::string join_mount(std::string_view mount, std::string_view path);

// Splits a request path into segments; one trailing slash is ignored ("/notes/" == "/notes").
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace berth::routing
