#pragma once
#include <berth/http_error.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace notes::test {

struct Failure {
  int status = 0;
  std::string message;
  nlohmann::json details;
};

// What `fn` threw as an HttpError; fails the test when it threw nothing or something else.
template <class F>
Failure failure_of(F&& fn) {
  try {
    fn();
  } catch (const berth::HttpError& e) {
    return {e.status(), e.what(), e.details()};
  }
  FAIL("expected an HttpError");
  throw std::logic_error("unreachable");
}

}  // namespace notes::test
