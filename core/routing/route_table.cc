#include "routing/route_table.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace berth::routing {
namespace {

constexpr std::size_t kMethods = 7;
constexpr std::array<Method, kMethods> kAllMethods = {Method::get,    Method::head,  Method::post,
                                                      Method::put,    Method::patch, Method::del,
                                                      Method::options};

}  // namespace

struct RouteTable::Node {
  // Lookups by string_view without building a std::string per segment.
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::unique_ptr<Node>, StringHash, std::equal_to<>> literals;
  std::unique_ptr<Node> param;
  std::array<std::shared_ptr<const Route>, kMethods> by_method;

  bool has_routes() const {
    return std::any_of(by_method.begin(), by_method.end(),
                       [](const auto& r) { return r != nullptr; });
  }
};

namespace {

using Node = RouteTable::Node;

// Depth-first: literal segments win over parameters; `accept` decides which node ends the search.
template <class Accept>
const Node* find(const Node* node, const std::vector<std::string_view>& parts, std::size_t i,
                 std::vector<std::string_view>& values, const Accept& accept) {
  if (i == parts.size()) return accept(*node) ? node : nullptr;
  if (auto it = node->literals.find(parts[i]); it != node->literals.end()) {
    if (const Node* hit = find(it->second.get(), parts, i + 1, values, accept)) return hit;
  }
  if (node->param && !parts[i].empty()) {
    values.push_back(parts[i]);
    if (const Node* hit = find(node->param.get(), parts, i + 1, values, accept)) return hit;
    values.pop_back();
  }
  return nullptr;
}

const Node* walk(const Node* node, const RoutePattern& pattern) {
  for (const auto& s : pattern.segments) {
    if (!node) return nullptr;
    if (s.is_param) {
      node = node->param.get();
    } else {
      auto it = node->literals.find(s.text);
      node = it == node->literals.end() ? nullptr : it->second.get();
    }
  }
  return node;
}

std::string allow_header(const Node& node) {
  std::string allow;
  for (Method m : kAllMethods) {
    bool present = node.by_method[static_cast<std::size_t>(m)] != nullptr ||
                   (m == Method::head && node.by_method[static_cast<std::size_t>(Method::get)]);
    if (!present) continue;
    if (!allow.empty()) allow += ", ";
    allow += to_string(m);
  }
  return allow;
}

}  // namespace

RouteTable::RouteTable() : root_(std::make_unique<Node>()) {}
RouteTable::~RouteTable() = default;

Expected<void> RouteTable::fits(const Route& route) const {
  const Node* node = walk(root_.get(), route.pattern);
  if (!node) return {};
  const auto& existing = node->by_method[static_cast<std::size_t>(route.method)];
  if (!existing) return {};
  return unexpected("route " + std::string(to_string(route.method)) + " " + route.pattern.text +
                    " of plugin '" + route.owner + "' conflicts with " +
                    std::string(to_string(existing->method)) + " " + existing->pattern.text +
                    " of plugin '" + existing->owner + "'");
}

void RouteTable::insert(std::shared_ptr<const Route> route) {
  Node* node = root_.get();
  for (const auto& s : route->pattern.segments) {
    std::unique_ptr<Node>& next = s.is_param ? node->param : node->literals[s.text];
    if (!next) next = std::make_unique<Node>();
    node = next.get();
  }
  node->by_method[static_cast<std::size_t>(route->method)] = route;
  all_.push_back(std::move(route));
}

Expected<void> RouteTable::add(std::vector<Route> routes) {
  std::unique_lock lock(mutex_);
  RouteTable staged;  // the new routes among themselves
  std::vector<std::shared_ptr<const Route>> shared;
  std::vector<std::string> created;
  for (auto& r : routes) {
    auto route = admit_locked(std::move(r), created);
    auto fits_here = fits(*route);
    if (fits_here) fits_here = staged.fits(*route);
    if (!fits_here) {
      forget_locked(created);
      return fits_here;
    }
    staged.insert(route);
    shared.push_back(std::move(route));
  }
  for (auto& r : shared) insert(std::move(r));
  return {};
}

std::vector<std::shared_ptr<const Route>> RouteTable::take_owner_locked(std::string_view owner) {
  std::vector<std::shared_ptr<const Route>> keep;
  std::vector<std::shared_ptr<const Route>> taken;
  for (auto& r : all_) (r->owner == owner ? taken : keep).push_back(std::move(r));
  root_ = std::make_unique<Node>();
  all_.clear();
  for (auto& r : keep) insert(std::move(r));
  return taken;
}

std::vector<std::shared_ptr<const Route>> RouteTable::remove_owner(std::string_view owner) {
  std::unique_lock lock(mutex_);
  return take_owner_locked(owner);
}

Expected<std::vector<std::shared_ptr<const Route>>> RouteTable::replace_owner(
    std::string_view owner, std::vector<Route> routes) {
  std::unique_lock lock(mutex_);
  // Conflicts are judged against the table without the owner's routes, built aside so that a
  // refusal leaves the live table untouched.
  RouteTable others;
  for (const auto& r : all_)
    if (r->owner != owner) others.insert(r);
  RouteTable staged;
  std::vector<std::shared_ptr<const Route>> shared;
  std::vector<std::string> created;
  for (auto& r : routes) {
    auto route = admit_locked(std::move(r), created);
    auto fits_here = others.fits(*route);
    if (fits_here) fits_here = staged.fits(*route);
    if (!fits_here) {
      forget_locked(created);
      return unexpected(std::move(fits_here).error());
    }
    staged.insert(route);
    shared.push_back(std::move(route));
  }
  for (auto& r : shared) others.insert(std::move(r));
  std::vector<std::shared_ptr<const Route>> replaced;
  for (const auto& r : all_)
    if (r->owner == owner) replaced.push_back(r);
  root_ = std::move(others.root_);
  all_ = std::move(others.all_);
  return replaced;
}

Match RouteTable::match(Method method, std::string_view path, PathParams& params) const {
  auto parts = split_path(path);
  std::vector<std::string_view> values;
  Match result;
  std::shared_lock lock(mutex_);
  auto route_for = [method](const Node& n) -> const std::shared_ptr<const Route>& {
    const auto& r = n.by_method[static_cast<std::size_t>(method)];
    if (r || method != Method::head) return r;
    return n.by_method[static_cast<std::size_t>(Method::get)];
  };
  const Node* node =
      find(root_.get(), parts, 0, values, [&](const Node& n) { return route_for(n) != nullptr; });
  if (node) {
    result.kind = Match::Kind::found;
    result.route = route_for(*node);
    std::size_t v = 0;
    for (const auto& s : result.route->pattern.segments)
      if (s.is_param) params.insert_or_assign(s.text, std::string(values[v++]));
    return result;
  }
  values.clear();
  node = find(root_.get(), parts, 0, values, [](const Node& n) { return n.has_routes(); });
  if (node) {
    result.kind = Match::Kind::method_not_allowed;
    result.allow = allow_header(*node);
  }
  return result;
}

std::shared_ptr<const Route> RouteTable::admit_locked(Route r, std::vector<std::string>& created) {
  std::string key = r.owner + '\0' + r.pattern.text + '\0' + std::string(to_string(r.method));
  auto [it, first] = series_.try_emplace(key);
  if (first) {
    it->second = {r.owner, r.method, r.pattern.text, std::make_shared<RouteMetrics>()};
    created.push_back(std::move(key));
  }
  r.metrics = it->second.metrics;
  return std::make_shared<const Route>(std::move(r));
}

void RouteTable::forget_locked(const std::vector<std::string>& created) {
  for (const auto& key : created) series_.erase(key);
}

std::vector<RouteSeries> RouteTable::series() const {
  std::shared_lock lock(mutex_);
  std::vector<RouteSeries> out;
  out.reserve(series_.size());
  for (const auto& [key, s] : series_) out.push_back(s);
  return out;
}

std::vector<std::shared_ptr<const Route>> RouteTable::routes() const {
  std::shared_lock lock(mutex_);
  auto sorted = all_;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a->pattern.text, a->method) < std::tie(b->pattern.text, b->method);
  });
  return sorted;
}

}  // namespace berth::routing
