#pragma once
#include <stdexcept>
#include <string>

namespace berth::docker {

// A Docker Engine call that did not succeed. `status()` is what a plugin route should answer:
// the engine's own status for an engine error (404 "No such container: x"), 503 when the engine
// is not there, 504 when it did not answer in time, 502 when its answer made no sense.
class EngineError : public std::runtime_error {
 public:
  enum class Kind {
    engine,       // the engine answered with a non-2xx status; what() is its `message`
    unavailable,  // no connection (socket missing, refused, closed mid-call)
    timeout,      // the call's timeout passed
    protocol,     // an answer that is not what the Engine API promises, or an unsupported API
    cancelled,    // the caller's stop token fired
  };

  EngineError(Kind kind, int status, const std::string& message)
      : std::runtime_error(message), kind_(kind), status_(status) {}

  Kind kind() const noexcept { return kind_; }
  int status() const noexcept { return status_; }
  bool unavailable() const noexcept { return kind_ == Kind::unavailable; }

 private:
  Kind kind_;
  int status_;
};

}  // namespace berth::docker
