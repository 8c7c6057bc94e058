#pragma once
#include <berth/guard.h>
#include <berth/method.h>
#include <berth/request.h>
#include <berth/response.h>

#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace berth {

// Never throws: built by Routes::add from the plugin's handler.
using RouteHandler = std::function<Response(Request&)>;

struct RouteOptions {
  // A handler that never blocks (no disk, no network, no locks held long) may run on the I/O
  // thread that read the request, skipping the hand-off to the worker pool.
  bool non_blocking = false;
  // One line for generated API docs.
  std::string_view summary = {};
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
