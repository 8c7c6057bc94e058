#pragma once
#include <berth/guard.h>
#include <berth/method.h>
#include <berth/request.h>
#include <berth/response.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace berth {

// Never throws: built by Routes::add from the plugin's handler.
using RouteHandler = std::function<Response(Request&)>;

// A route's options and its contract. The contract is optional and additive: what a route declares
// is published in GET /_berth/openapi.json and the generated client, and what it declares of its
// input is checked by the host before the handler runs (a violation is a 400 whose `errors` name
// every one, and the handler never sees the request). Schemas are JSON Schema (the keywords draft 7
// and 2020-12 share); null means not declared: anything is accepted and documented as open.
struct RouteOptions {
  // A handler that never blocks (no disk, no network, no locks held long) may run on the I/O
  // thread that read the request, skipping the hand-off to the worker pool.
  bool non_blocking = false;
  // One line, and more if needed, for the document.
  std::string_view summary = {};
  std::string_view description = {};
  // The operation's name in the generated client ("list", "create"), unique within the plugin;
  // by default made of the method and the path ("getNotesById").
  std::string_view name = {};
  // Groups in the document besides the plugin's name, which every route has.
  std::vector<std::string_view> tags = {};
  // The JSON request body (an empty body is checked as null).
  nlohmann::json body_schema = nullptr;
  // An object schema whose properties are the query parameters. Values arrive as text: where a
  // property's type is integer, number or boolean, text of that form is converted before the check.
  nlohmann::json query_schema = nullptr;
  // Likewise for the path's `:name` parameters.
  nlohmann::json path_schema = nullptr;
  // Status -> schema of the JSON body sent with it (null: no body). A schema with
  // "contentMediaType" (e.g. "text/plain") documents a body of that type instead of JSON.
  std::map<int, nlohmann::json> responses = {};
};

// Where a plugin registers its routes, relative to its mount point. Paths are literal segments and
// `:name` parameters: "/notes/:id". A handler returns a Response, or any JSON value (sent as
// 200 application/json), and may throw HttpError for an error status.
class Routes {
 public:
  virtual ~Routes() = default;

  template <class F>
  void add(Method method, std::string_view path, F&& handler, RouteOptions options = {}) {
    add_route(method, path, wrap(std::forward<F>(handler)), options);
  }
  template <class F>
  void get(std::string_view path, F&& h, RouteOptions o = {}) {
    add(Method::get, path, std::forward<F>(h), o);
  }
  template <class F>
  void head(std::string_view path, F&& h, RouteOptions o = {}) {
    add(Method::head, path, std::forward<F>(h), o);
  }
  template <class F>
  void post(std::string_view path, F&& h, RouteOptions o = {}) {
    add(Method::post, path, std::forward<F>(h), o);
  }
  template <class F>
  void put(std::string_view path, F&& h, RouteOptions o = {}) {
    add(Method::put, path, std::forward<F>(h), o);
  }
  template <class F>
  void patch(std::string_view path, F&& h, RouteOptions o = {}) {
    add(Method::patch, path, std::forward<F>(h), o);
  }
  template <class F>
  void del(std::string_view path, F&& h, RouteOptions o = {}) {
    add(Method::del, path, std::forward<F>(h), o);
  }

 protected:
  // Records the route for the plugin being registered. A conflict or a malformed path does not
  // throw: it fails the whole registration, which the host then rolls back.
  virtual void add_route(Method method, std::string_view path, RouteHandler handler,
                         RouteOptions options) noexcept = 0;

 private:
  template <class F>
  static RouteHandler wrap(F&& handler) {
    return [h = std::forward<F>(handler)](Request& request) mutable noexcept -> Response {
      try {
        using Result = std::invoke_result_t<F&, Request&>;
        if constexpr (std::is_convertible_v<Result, Response>) {
          return h(request);
        } else {
          return Response::json(h(request));
        }
      } catch (...) {
        return detail::response_for_current_exception();
      }
    };
  }
};

}  // namespace berth
