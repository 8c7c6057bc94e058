// Route patterns (from plugins and the config's `mount:`) and request paths (from clients).
// Input lines: the first is a mount; "R<m><path>" registers a route, "M<m><path>" matches a
// request path; <m> is one byte naming the method.
#include "fuzz_target.h"
#include "routing/route_table.h"

#include <string>
#include <vector>

namespace {

berth::Method fuzzed_method(char c) {
  return static_cast<berth::Method>(static_cast<unsigned char>(c) % 7);
}

}  // namespace

BERTH_FUZZ_TARGET(route) {
  std::string_view text = berth::fuzz::as_text(data, size);
  std::vector<std::string_view> lines;
  for (std::size_t nl; (nl = text.find('\n')) != std::string_view::npos; text.remove_prefix(nl + 1))
    lines.push_back(text.substr(0, nl));
  lines.push_back(text);
  const std::string_view mount = lines.front();

  berth::routing::RouteTable table;
  std::vector<berth::routing::Route> registered;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.size() < 2) continue;
    const berth::Method method = fuzzed_method(line[1]);
    const std::string_view path = line.substr(2);
    if (line[0] == 'R') {
      auto parsed = berth::routing::parse_pattern(berth::routing::join_mount(mount, path));
      if (!parsed) {
        BERTH_FUZZ_CHECK(!parsed.error().empty());
        continue;
      }
      // Normalising is idempotent.
      auto again = berth::routing::parse_pattern(parsed->text);
      BERTH_FUZZ_CHECK(again && again->text == parsed->text);
      berth::routing::Route route;
      route.method = method;
      route.pattern = *parsed;
      route.owner = "fuzz" + std::to_string(i % 3);
      if (table.add({route})) registered.push_back(route);
    } else if (line[0] == 'M') {
      std::map<std::string, std::string, std::less<>> params;
      auto match = table.match(method, path, params);
      if (match.kind == berth::routing::Match::Kind::found) {
        std::size_t declared = 0;
        for (const auto& s : match.route->pattern.segments) declared += s.is_param;
        BERTH_FUZZ_CHECK(params.size() == declared);
      }
      if (match.kind == berth::routing::Match::Kind::method_not_allowed)
        BERTH_FUZZ_CHECK(!match.allow.empty());
    } else if (line[0] == 'X') {
      table.remove_owner("fuzz" + std::to_string(static_cast<unsigned char>(line[1]) % 3));
      registered.clear();
      for (const auto& r : table.routes()) registered.push_back(*r);
    }
  }
  // A route's own normalised path, sent as a request, reaches that route.
  for (const auto& route : registered) {
    std::map<std::string, std::string, std::less<>> params;
    auto match = table.match(route.method, route.pattern.text, params);
    BERTH_FUZZ_CHECK(match.kind == berth::routing::Match::Kind::found);
    BERTH_FUZZ_CHECK(match.route->pattern.text == route.pattern.text);
  }
  return 0;
}
