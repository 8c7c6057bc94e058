#pragma once
// The UI from a dev server of its own (--ui-url, e.g. Vite on :3000, as `docker extension dev
// ui-source` points Desktop at one): each request is forwarded there and HTML answers get the
// emulated ddClient injected. WebSocket upgrades (a dev server's hot-module reload) are not
// forwarded: Vite's client then connects to its server directly.
#include "base/expected.h"

#include <berth/request.h>
#include <berth/response.h>

#include <string>

namespace berth::app::dev {

struct UiUrl {
  std::string host;
  int port = 80;
  std::string base;  // the URL's path without its trailing slash: "" or "/app"
};

// "http://host:port/path"; https is refused (a local dev server speaks plain HTTP).
Expected<UiUrl> parse_ui_url(const std::string& url);

Response proxy_ui(const UiUrl& url, const Request& request);

}  // namespace berth::app::dev
