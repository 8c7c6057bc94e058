#include "curl_transfer.h"

#include <berth/docker/engine_client.h>
#include <berth/docker/line_splitter.h>

#include <mutex>

namespace berth::docker {
namespace {

using detail::TransferFailure;
using Kind = EngineError::Kind;

std::string describe(std::string_view method, std::string_view path) {
  return std::string(method) + " " + std::string(path);
}

[[noreturn]] void throw_failure(const EngineOptions& options, const detail::TransferResult& r,
                                std::string_view method, std::string_view path,
                                std::chrono::milliseconds timeout) {
  const std::string what = describe(method, path);
  switch (r.failure) {
    case TransferFailure::connect:
      throw EngineError(
          Kind::unavailable, 503,
          "Docker Engine is not reachable at " + options.socket + ": " + r.curl_error);
    case TransferFailure::lost:
      throw EngineError(Kind::unavailable, 503,
                        "lost the connection to Docker Engine at " + options.socket + " during " +
                            what + ": " + r.curl_error);
    case TransferFailure::timeout:
      throw EngineError(Kind::timeout, 504,
                        "Docker Engine did not answer " + what + " within " +
                            std::to_string(timeout.count()) + " ms");
    case TransferFailure::stopped: throw EngineError(Kind::cancelled, 503, "cancelled: " + what);
    case TransferFailure::none:
    case TransferFailure::other: break;
  }
  throw EngineError(Kind::protocol, 502, "Docker Engine call " + what + " failed: " + r.curl_error);
}

// The engine's error body is {"message": "..."}; older paths may answer plain text.
[[noreturn]] void throw_engine_error(int status, const std::string& body) {
  std::string message;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("message") && j["message"].is_string()) {
    message = j["message"];
  } else {
    message = body;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
  }
  if (message.empty()) message = "Docker Engine answered " + std::to_string(status);
  throw EngineError(Kind::engine, status, message);
}

nlohmann::json parse_json(const std::string& body, std::string_view method, std::string_view path) {
  if (body.empty()) return nullptr;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded())
    throw EngineError(Kind::protocol, 502,
                      "Docker Engine answered " + describe(method, path) + " with invalid JSON");
  return j;
}

}  // namespace

struct EngineClient::Impl {
  EngineOptions options;
  std::mutex mu;
  std::optional<ApiVersion> version;  // negotiated; forgotten when the engine goes away

  std::string versioned(std::string_view path, EngineClient& client) {
    return "/v" + client.api_version().str() + std::string(path);
  }

  // One exchange; `sink` receives a 2xx body. Throws EngineError for everything else.
  int exchange(std::string_view method, const std::string& full_path, std::string_view body,
               bool json_body, const CallOptions& call, std::chrono::milliseconds timeout,
               const std::function<void(std::string_view)>& sink, bool allow_304,
               bool is_stream = false) {
    detail::TransferRequest request;
    request.socket = options.socket;
    request.method = std::string(method);
    request.url = "http://docker" + full_path;
    request.body = std::string(body);
    request.json_body = json_body;
    request.connect_timeout = options.connect_timeout;
    request.timeout = timeout;
    request.stop = call.stop;
    auto result = detail::transfer(request, sink);
    if (result.failure == TransferFailure::connect || result.failure == TransferFailure::lost) {
      std::lock_guard lock(mu);
      version.reset();
    }
    if (result.failure == TransferFailure::stopped && is_stream) return result.status;
    if (result.failure != TransferFailure::none)
      throw_failure(options, result, method, full_path, timeout);
    if (result.status == 304 && allow_304) return result.status;
    if (result.status < 200 || result.status >= 300)
      throw_engine_error(result.status, result.error_body);
    return result.status;
  }

  EngineReply collect(std::string_view method, const std::string& full_path, std::string_view body,
                      bool json_body, const CallOptions& call, bool allow_304) {
    EngineReply reply;
    const std::size_t limit = options.max_body_bytes;
    auto sink = [&](std::string_view chunk) {
      if (reply.body.size() + chunk.size() > limit)
        throw EngineError(Kind::protocol, 502,
                          "Docker Engine's answer to " + describe(method, full_path) +
                              " is larger than " + std::to_string(limit) + " bytes");
      reply.body.append(chunk);
    };
    reply.status = exchange(method, full_path, body, json_body, call,
                            call.timeout.value_or(options.request_timeout), sink, allow_304);
    return reply;
  }
};

EngineClient::EngineClient(EngineOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

EngineClient::~EngineClient() = default;

const EngineOptions& EngineClient::options() const noexcept {
  return impl_->options;
}

ApiVersion EngineClient::api_version() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->version) return *impl_->version;
  }
  // Not under the lock: a slow engine must not serialize every caller behind one request.
  auto reply = impl_->collect("GET", "/version", {}, false, {}, false);
  ApiVersion negotiated = negotiate_api_version(parse_json(reply.body, "GET", "/version"));
  std::lock_guard lock(impl_->mu);
  impl_->version = negotiated;
  return negotiated;
}

void EngineClient::ping(CallOptions options) {
  impl_->collect("GET", "/_ping", {}, false, options, false);
}

nlohmann::json EngineClient::get(std::string_view path, CallOptions options) {
  auto full = impl_->versioned(path, *this);
  return parse_json(impl_->collect("GET", full, {}, false, options, false).body, "GET", full);
}

nlohmann::json EngineClient::post(std::string_view path, const nlohmann::json& body,
                                  CallOptions options) {
  auto full = impl_->versioned(path, *this);
  const bool has_body = !body.is_null();
  auto reply = impl_->collect("POST", full, has_body ? body.dump() : std::string(), has_body,
                              options, false);
  return parse_json(reply.body, "POST", full);
}

nlohmann::json EngineClient::del(std::string_view path, CallOptions options) {
  auto full = impl_->versioned(path, *this);
  return parse_json(impl_->collect("DELETE", full, {}, false, options, false).body, "DELETE", full);
}

EngineReply EngineClient::request(std::string_view method, std::string_view path,
                                  std::string_view body, CallOptions options) {
  auto full = impl_->versioned(path, *this);
  return impl_->collect(method, full, body, !body.empty(), options, true);
}

void EngineClient::stream(std::string_view path,
                          const std::function<void(std::string_view)>& on_data,
                          CallOptions options) {
  auto full = impl_->versioned(path, *this);
  impl_->exchange("GET", full, {}, false, options,
                  options.timeout.value_or(std::chrono::milliseconds(0)), on_data, false, true);
}

void EngineClient::stream_lines(std::string_view path,
                                const std::function<void(std::string_view)>& on_line,
                                CallOptions options) {
  LineSplitter lines;
  stream(
      path, [&](std::string_view chunk) { lines.feed(chunk, on_line); }, options);
  if (!options.stop.stop_requested()) lines.flush(on_line);
}

std::string escape(std::string_view text) {
  return detail::escape(text);
}

}  // namespace berth::docker
