#pragma once
// A Docker Engine API client for plugins: HTTP/1.1 over the engine's Unix socket (libcurl, linked
// into berth::docker, never seen here), JSON via nlohmann, the API version negotiated from
// GET /version on first use and again after the engine was unreachable.
//
//   berth::docker::EngineClient engine({.socket = "/var/run/docker.sock"});
//   nlohmann::json list = engine.get("/containers/json?all=1");   // -> /v1.41/containers/json
//   engine.post("/containers/" + berth::docker::escape(id) + "/stop?t=5");
//   engine.stream_lines("/events", [](std::string_view line) { ... }, {.timeout = {}, .stop = s});
//
// Every call has a timeout and throws EngineError (engine_error.h) when it does not succeed. Calls
// are thread-safe: each one uses a connection of its own.
#include <berth/docker/api_version.h>
#include <berth/docker/engine_error.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

namespace berth::docker {

struct EngineOptions {
  std::string socket = "/var/run/docker.sock";
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{30000};  // calls that do not say otherwise
  std::size_t max_body_bytes = 64 << 20;             // a larger answer fails (protocol error)
};

struct CallOptions {
  // nullopt: EngineOptions::request_timeout, and none for stream(); zero: none.
  std::optional<std::chrono::milliseconds> timeout = std::nullopt;
  // Aborts the call: a stream returns, any other call throws EngineError(cancelled).
  std::stop_token stop = {};
};

struct EngineReply {
  int status = 0;
  std::string body;
};

class EngineClient {
 public:
  explicit EngineClient(EngineOptions options = {});
  ~EngineClient();
  EngineClient(const EngineClient&) = delete;
  EngineClient& operator=(const EngineClient&) = delete;

  const EngineOptions& options() const noexcept;

  // The negotiated version ("1.41"), asking the engine when not known yet.
  ApiVersion api_version();
  // GET /_ping (unversioned); throws like any call.
  void ping(CallOptions options = {});

  // `path` is relative to the versioned API ("/containers/json?all=1"); its pieces must already
  // be escaped (escape()). A 2xx answer is parsed as JSON (an empty body is null); any other
  // status throws EngineError(engine) with the engine's `message` and status.
  nlohmann::json get(std::string_view path, CallOptions options = {});
  nlohmann::json post(std::string_view path, const nlohmann::json& body = nullptr,
                      CallOptions options = {});
  nlohmann::json del(std::string_view path, CallOptions options = {});
  // Any method; returns the raw 2xx or 304 answer (304 Not Modified: e.g. stopping a stopped
  // container), throws for the rest.
  EngineReply request(std::string_view method, std::string_view path, std::string_view body = {},
                      CallOptions options = {});

  // GET `path`, handing each chunk of a 2xx body to `on_data` as it arrives, until the engine ends
  // it or `options.stop` fires (then it returns normally). A connection lost mid-stream throws
  // EngineError(unavailable). What `on_data` throws aborts the stream and is rethrown.
  void stream(std::string_view path, const std::function<void(std::string_view)>& on_data,
              CallOptions options);
  // Like stream(), one line at a time without its '\n' (/events sends one JSON object a line).
  void stream_lines(std::string_view path, const std::function<void(std::string_view)>& on_line,
                    CallOptions options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Percent-encodes one path segment or query value ("a b/c" -> "a%20b%2Fc").
std::string escape(std::string_view text);

}  // namespace berth::docker
