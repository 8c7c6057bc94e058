#pragma once
// One HTTP exchange with the engine through libcurl: the only file that sees curl. Internal to
// berth::docker.
#include <chrono>
#include <cstddef>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>

namespace berth::docker::detail {

struct TransferRequest {
  std::string socket;
  std::string method = "GET";
  std::string url;  // "http://docker/v1.41/containers/json"
  std::string body;
  bool json_body = false;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds timeout{0};  // zero: none
  std::stop_token stop;
};

enum class TransferFailure {
  none,
  connect,  // no connection: socket missing or refused
  lost,     // the connection closed or broke before the answer was complete
  timeout,
  stopped,  // the stop token fired
  other,
};

struct TransferResult {
  int status = 0;          // 0 when no answer came
  std::string error_body;  // the body of a non-2xx answer (bounded)
  TransferFailure failure = TransferFailure::none;
  std::string curl_error;  // curl's message when failure != none
};

// Performs the exchange; a 2xx body goes to `sink` chunk by chunk. Rethrows what `sink` throws.
TransferResult transfer(const TransferRequest& request,
                        const std::function<void(std::string_view)>& sink);

// Percent-encoding of one segment or value.
std::string escape(std::string_view text);

}  // namespace berth::docker::detail
