#pragma once
#include <berth/headers.h>

#include <nlohmann/json.hpp>

#include <string>

namespace berth {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Why the handler failed, for the request log; never sent as such.
  std::string error;
  // Set by the SDK's handler wrapper when something other than HttpError escaped the handler:
  // the host answers 500 with a request id, logs the text and counts it.
  bool unhandled_exception = false;

  static Response json(const nlohmann::json& value, int status = 200) {
    Response r;
    r.status = status;
    r.headers.add("Content-Type", "application/json");
    r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
  }
  static Response text(std::string text, int status = 200,
                       std::string content_type = "text/plain; charset=utf-8") {
    Response r;
    r.status = status;
    r.headers.add("Content-Type", std::move(content_type));
    r.body = std::move(text);
    return r;
  }
  static Response empty(int status = 204) {
    Response r;
    r.status = status;
    return r;
  }
  // The error shape every berth error has: {"message": ..., ...details}.
  static Response error_json(int status, const std::string& message,
                             const nlohmann::json& details = nlohmann::json::object()) {
    nlohmann::json body = details.is_object() ? details : nlohmann::json::object();
    body["message"] = message;
    Response r = json(body, status);
    r.error = message;
    return r;
  }

  Response& header(std::string name, std::string value) & {
    headers.set(name, std::move(value));
    return *this;
  }
  Response&& header(std::string name, std::string value) && {
    headers.set(name, std::move(value));
    return std::move(*this);
  }
};

}  // namespace berth
