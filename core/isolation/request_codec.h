#pragma once
// Requests and responses as frame bodies: length-prefixed fields, binary-safe (a path decoded
// from %FF or a header of obs-text is not UTF-8, so JSON would not carry it). Decoding refuses
// anything truncated or inconsistent instead of reading past the body.
#include "base/expected.h"

#include <berth/request.h>
#include <berth/response.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::isolation {

// Which of the child's routes the host matched, by its place in the registered list.
struct RoutedRequest {
  std::uint32_t route = 0;
  Request request;
};

std::string encode_request(std::uint32_t route, const Request& request);
Expected<RoutedRequest> decode_request(std::string_view body);

std::string encode_response(const Response& response);
Expected<Response> decode_response(std::string_view body);

}  // namespace berth::isolation
