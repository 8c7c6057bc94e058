#pragma once
// ddClient.extension.vm.service.* as Docker Desktop does it: the page's request goes to the
// backend's socket, and the answer comes back in the shape Desktop gives. POST /__berth/service
// with {"method", "url", "headers", "body"} (the page's client has already encoded the data as
// the SDK does); the answer is always 200 with {"ok": true, "value": ...} or {"ok": false,
// "error": {"statusCode", "name", "message"}}, so that a backend's own 404 is never mistaken for
// one of berth dev's.
#include "base/expected.h"

#include <berth/request.h>
#include <berth/response.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace berth::app::dev {

// Docker Desktop >= 4.42 wraps each reply as {"data": ...}; older ones give it as it is.
enum class ReplyShape { data, plain };

std::optional<ReplyShape> parse_reply_shape(const std::string& text);

// What the page sees of a backend answer: the body parsed as JSON when it is JSON, else as text.
nlohmann::json reply_value(const std::string& body, ReplyShape shape);

// berth dev --backend-socket PATH: true when a socket is at PATH, false when nothing is there yet
// (the backend may start later, or be restarting: the page sees it as lost until it answers); an
// error when PATH cannot be one (another kind of file is there, or it is too long for a socket).
Expected<bool> backend_socket_present(const std::string& path);

// A failed call (a non-2xx answer, or none: 502 with why) is {"ok": false, "error": ...}.
Response forward_service(const std::string& backend_socket, ReplyShape shape,
                         const Request& request);

}  // namespace berth::app::dev
