#pragma once
#include <stdexcept>

namespace berth::http {

// A clear, one-line reason the server could not start: thrown by the listeners and the Server.
class StartError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace berth::http
