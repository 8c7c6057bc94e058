#pragma once
// No exception crosses the plugin boundary: every callable a plugin hands to the host is wrapped,
// in the plugin's own code, by one of these. They are compiled into the plugin (inline), so a
// throw unwinds only through plugin frames.
#include <berth/exception_text.h>
#include <berth/http_error.h>
#include <berth/response.h>

#include <exception>
#include <string>

namespace berth::detail {

// An unhandled exception's Response.error names its type ("std::invalid_argument: stoll"): the
// host logs it, the client sees only the 500.
inline Response response_for_current_exception() noexcept {
  try {
    throw;
  } catch (const HttpError& e) {
    return Response::error_json(e.status(), e.message(), e.details());
  } catch (...) {
    Response r = Response::error_json(500, "internal error");
    r.error = describe_current_exception();
    r.unhandled_exception = true;
    return r;
  }
}

// What run_guarded reports of a throw. An HttpError always gives its message alone.
enum class Thrown {
  message,           // what() alone: a reason a user reads (a job's validate, a failed write)
  type_and_message,  // "std::invalid_argument: stoll": a failure only a log's reader can explain
};

// Runs `fn`; returns an empty string or the text of what it threw.
template <class F>
std::string run_guarded(F&& fn, Thrown report = Thrown::message) noexcept {
  try {
    fn();
    return {};
  } catch (const HttpError& e) {
    return e.message().empty() ? std::string("exception with no message") : e.message();
  } catch (const std::exception& e) {
    std::string text = report == Thrown::type_and_message ? describe_current_exception() : e.what();
    return text.empty() ? std::string("exception with no message") : text;
  } catch (...) {
    return describe_current_exception();  // "unknown exception of type Foo"
  }
}

}  // namespace berth::detail
