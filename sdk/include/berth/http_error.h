#pragma once
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace berth {

// Thrown by a handler to answer with `status` and a JSON body {"message": ..., ...details}.
// It never leaves the plugin: the SDK's handler wrapper turns it into a Response.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message,
            nlohmann::json details = nlohmann::json::object())
      : std::runtime_error(message),
        status_(status),
        message_(message),
        details_(std::move(details)) {}

  int status() const noexcept { return status_; }
  // The whole message; what() ends at the first NUL, which a client's string may carry.
  const std::string& message() const noexcept { return message_; }
  const nlohmann::json& details() const noexcept { return details_; }

 private:
  int status_;
  std::string message_;
  nlohmann::json details_;
};

}  // namespace berth
