#pragma once
// Which requests the dev page server answers, and how. It serves on 127.0.0.1 and can run
// commands, so a request must name this server in its Host header (127.0.0.1:PORT or
// localhost:PORT: a DNS-rebound name is refused) and every /__berth/ call but the client script
// itself must carry "X-Berth-Dev: 1" (a cross-site form cannot set a header, and a cross-site
// fetch that sets one needs a CORS preflight this server never grants). Then /__berth/* goes to
// the page server's routes and everything else to the UI (files or a dev server), on a worker.
#include "http/application.h"
#include "routing/router.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string_view>

namespace berth::app::dev {

inline constexpr std::string_view kDevHeader = "X-Berth-Dev";
inline constexpr std::string_view kClientPath = "/__berth/ddclient.js";

class PageApplication final : public http::Application {
 public:
  using UiHandler = std::function<Response(const Request&)>;

  PageApplication(routing::Router& routes, UiHandler ui) : routes_(routes), ui_(std::move(ui)) {}

  // The port the Host header must name, once the server has bound it.
  void set_port(int port) noexcept { port_.store(port); }

  std::unique_ptr<http::Dispatch> new_dispatch() override;
  void rejected(const Request& request, const Response& response) noexcept override {
    routes_.rejected(request, response);
  }

  // The reason `request` is refused (403), or empty.
  std::string refusal(const Request& request) const;

 private:
  class PageDispatch;

  routing::Router& routes_;
  UiHandler ui_;
  std::atomic<int> port_{0};
};

}  // namespace berth::app::dev
