// The SDK's exception description (berth/exception_text.h, berth/guard.h): what the host logs
// of an exception a handler or a plugin hook let escape.
#include <berth/guard.h>

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace {

struct NotAStdException {};

template <class F>
std::string described(F&& throws) {
  try {
    throws();
  } catch (...) {
    return berth::detail::describe_current_exception();
  }
  return "nothing thrown";
}

}  // namespace

TEST_CASE("an exception is described by its type as well as its what()") {
  CHECK(described([] { (void)std::stoll("abc"); }) == "std::invalid_argument: stoll");
  CHECK(described([] { throw std::runtime_error(""); }) == "std::runtime_error");
  CHECK(described([] { throw std::bad_alloc(); }) == "std::bad_alloc");  // what() is its type
  CHECK(described([] { throw NotAStdException(); }) ==
        "unknown exception of type (anonymous namespace)::NotAStdException");
  CHECK(described([] { throw 7; }) == "unknown exception of type int");
  CHECK(berth::detail::type_name(typeid(std::out_of_range("x"))) == "std::out_of_range");
}

TEST_CASE("a handler's unhandled exception is a 500 whose error names the type") {
  berth::Response r;
  try {
    (void)std::stoll("abc");
  } catch (...) {
    r = berth::detail::response_for_current_exception();
  }
  CHECK(r.status == 500);
  CHECK(r.unhandled_exception);
  CHECK(r.error == "std::invalid_argument: stoll");
  CHECK(r.body.find("stoll") == std::string::npos);  // the client never sees it
}

TEST_CASE("run_guarded reports the message, or the type too when asked") {
  using berth::detail::run_guarded;
  using berth::detail::Thrown;
  auto stoll = [] { (void)std::stoll("abc"); };
  CHECK(run_guarded([] {}) == "");
  CHECK(run_guarded(stoll) == "stoll");
  CHECK(run_guarded(stoll, Thrown::type_and_message) == "std::invalid_argument: stoll");
  auto http = [] { throw berth::HttpError(400, "told you"); };
  CHECK(run_guarded(http, Thrown::type_and_message) == "told you");
  CHECK(run_guarded([] { throw std::runtime_error(""); }) == "exception with no message");
  CHECK(run_guarded([] { throw 7; }) == "unknown exception of type int");
}
