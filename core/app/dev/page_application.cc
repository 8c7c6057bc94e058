#include "app/dev/page_application.h"

#include <cctype>
#include <string>

namespace berth::app::dev {
namespace {

bool is_page_route(std::string_view path) {
  return path.starts_with("/__berth/");
}

}  // namespace

class PageApplication::PageDispatch final : public http::Dispatch {
 public:
  PageDispatch(PageApplication& app, std::unique_ptr<http::Dispatch> routes)
      : app_(app), routes_(std::move(routes)) {}

  bool prepare(Request& request) noexcept override {
    try {
      refusal_ = app_.refusal(request);
    } catch (...) {
      refusal_ = "out of memory";
    }
    if (!refusal_.empty()) {
      kind_ = Kind::refused;
      return true;
    }
    if (is_page_route(request.path)) {
      kind_ = Kind::route;
      return routes_->prepare(request);
    }
    kind_ = Kind::ui;
    return false;  // reads files or waits on a dev server
  }

  Response run(Request& request, http::Deferral& later) noexcept override {
    switch (kind_) {
      case Kind::refused: return Response::error_json(403, refusal_);
      case Kind::route: return routes_->run(request, later);
      case Kind::ui: break;
    }
    try {
      return app_.ui_(request);
    } catch (const std::exception& e) {
      return Response::error_json(500, std::string("berth dev: ") + e.what());
    } catch (...) {
      return Response::error_json(500, "berth dev: unknown error");
    }
  }

  void clear() noexcept override {
    routes_->clear();
    refusal_.clear();
  }

 private:
  enum class Kind { refused, route, ui };
  PageApplication& app_;
  std::unique_ptr<http::Dispatch> routes_;
  Kind kind_ = Kind::ui;
  std::string refusal_;
};

std::unique_ptr<http::Dispatch> PageApplication::new_dispatch() {
  return std::make_unique<PageDispatch>(*this, routes_.new_dispatch());
}

std::string PageApplication::refusal(const Request& request) const {
  const std::string port = std::to_string(port_.load());
  std::string host(request.headers.get("Host").value_or(""));
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host != "127.0.0.1:" + port && host != "localhost:" + port)
    return "berth dev answers only requests for 127.0.0.1:" + port + " or localhost:" + port +
           " (Host: '" + host + "')";
  if (is_page_route(request.path) && request.path != kClientPath &&
      request.headers.get(kDevHeader).value_or("") != "1")
    return std::string("berth dev: /__berth/ calls need the header ") + std::string(kDevHeader) +
           ": 1 (the injected ddClient sends it)";
  return "";
}

}  // namespace berth::app::dev
