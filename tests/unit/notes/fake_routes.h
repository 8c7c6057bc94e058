#pragma once
// Captures what a plugin registers, so that handlers can be called without the host.
#include <berth/routes.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace notes::test {

class FakeRoutes final : public berth::Routes {
 public:
  struct Entry {
    berth::Method method;
    std::string path;
    berth::RouteHandler handler;
    berth::RouteOptions options;
  };

  const std::vector<Entry>& entries() const { return entries_; }

  berth::Response call(berth::Method method, const std::string& path, berth::Request request) {
    for (auto& e : entries_)
      if (e.method == method && e.path == path) {
        request.method = method;
        return e.handler(request);
      }
    throw std::out_of_range("no route " + std::string(berth::to_string(method)) + " " + path);
  }

 protected:
  void add_route(berth::Method method, std::string_view path, berth::RouteHandler handler,
                 berth::RouteOptions options) noexcept override {
    entries_.push_back({method, std::string(path), std::move(handler), options});
  }

 private:
  std::vector<Entry> entries_;
};

}  // namespace notes::test
