#pragma once
// Serialises a Response into the bytes of one HTTP/1.1 response, head and body in one buffer so
// it goes out with a single write.
#include <berth/response.h>

#include <string>
#include <string_view>

namespace berth::http {

struct WireOptions {
  std::string_view request_id;
  bool head_request = false;       // HEAD: the GET headers, no body
  bool close = false;              // add `Connection: close`
  bool http10_keep_alive = false;  // a 1.0 client asked for keep-alive: say it was granted
};

std::string_view reason_phrase(int status) noexcept;
std::string serialize_response(const Response& response, const WireOptions& options);

inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace berth::http
