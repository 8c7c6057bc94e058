#pragma once
// Method + path -> the handler a plugin registered. Every route records its owning plugin so that
// one plugin's routes can be removed without touching the others.
#include "base/expected.h"
#include "contract/route_contract.h"
#include "routing/route_metrics.h"
#include "routing/route_pattern.h"

#include <berth/method.h>
#include <berth/routes.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace berth::routing {

// Counted per owner, shared by all its routes; read by /_berth/plugins.
struct OwnerStats {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> server_errors{0};  // 5xx answers
  std::atomic<std::uint64_t> exceptions{0};     // handlers that threw something not HttpError
};

// A host route that answers later (a long poll): it must call `respond` exactly once, from any
// thread, and must not block.
using DeferredHandler = std::function<void(Request&, std::function<void(Response)> respond)>;

struct Route {
  Method method = Method::get;
  RoutePattern pattern;  // the full path, mount included
  RouteHandler handler;
  DeferredHandler deferred;  // set instead of handler
  bool non_blocking = false;
  // What the route declares; its input is checked against it before the handler runs.
  std::shared_ptr<const contract::RouteContract> contract;
  std::string owner;  // plugin name, or "berth" for built-in routes
  std::shared_ptr<OwnerStats> stats;
  std::shared_ptr<RouteMetrics> metrics;  // set by the table: what was given is replaced
};

// One route's metrics and what names them.
struct RouteSeries {
  std::string owner;
  Method method = Method::get;
  std::string pattern;
  std::shared_ptr<RouteMetrics> metrics;
};

// A matched route's path parameters by name, as Request::params holds them.
using PathParams = std::map<std::string, std::string, std::less<>>;

struct Match {
  enum class Kind { found, not_found, method_not_allowed };
  Kind kind = Kind::not_found;
  std::shared_ptr<const Route> route;
  std::string allow;  // for 405: "GET, HEAD, POST"
};

class RouteTable {
 public:
  RouteTable();
  ~RouteTable();

  // Adds all the routes or none: a route that repeats another's method and path shape (in the
  // table or in `routes`) is refused with a message naming both owners.
  Expected<void> add(std::vector<Route> routes);
  // Returns the routes removed; requests in flight may still hold them.
  std::vector<std::shared_ptr<const Route>> remove_owner(std::string_view owner);
  // Swaps every route of `owner` for `routes` in one step (a plugin's reload): a lookup sees the
  // old set or the new one, never neither. Refused with the table unchanged on a conflict with
  // another owner or among `routes`. Returns the old routes, which requests in flight may still
  // hold.
  Expected<std::vector<std::shared_ptr<const Route>>> replace_owner(std::string_view owner,
                                                                    std::vector<Route> routes);

  // Fills `params` with the path parameters of the route found. HEAD falls back to GET.
  Match match(Method method, std::string_view path, PathParams& params) const;

  std::vector<std::shared_ptr<const Route>> routes() const;  // sorted by path, then method
  // Every route the table has held, removed ones included (their counts stay, as counters must),
  // sorted by owner, pattern and method.
  std::vector<RouteSeries> series() const;

  struct Node;  // opaque: a segment trie

 private:
  // Refused, naming both owners, when `route` repeats a method and path shape already here.
  Expected<void> fits(const Route& route) const;
  void insert(std::shared_ptr<const Route> route);
  // `r` with the metrics of its owner, method and pattern, made now for the first of them (listed
  // in `created`, for a refused registration to drop with forget_locked()). Under the lock.
  std::shared_ptr<const Route> admit_locked(Route r, std::vector<std::string>& created);
  void forget_locked(const std::vector<std::string>& created);
  // Rebuilds the trie from the routes not owned by `owner`; returns the owner's. Under the lock.
  std::vector<std::shared_ptr<const Route>> take_owner_locked(std::string_view owner);

  mutable std::shared_mutex mutex_;
  std::unique_ptr<Node> root_;
  std::vector<std::shared_ptr<const Route>> all_;
  std::map<std::string, RouteSeries> series_;  // by owner, pattern and method
};

}  // namespace berth::routing
