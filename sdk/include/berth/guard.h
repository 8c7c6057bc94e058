#pragma once
// No exception crosses the plugin boundary: every callable a plugin hands to the host is wrapped,
// in the plugin's own code, by one of these. They are compiled into the plugin (inline), so a
// throw unwinds only through plugin frames.
#include <berth/http_error.h>
#include <berth/response.h>

#include <exception>
#include <string>

namespace berth::detail {

inline Response response_for_current_exception() noexcept {
  try {
    throw;
  } catch (const HttpError& e) {
    return Response::error_json(e.status(), e.message(), e.details());
  } catch (const std::exception& e) {
    Response r = Response::error_json(500, "internal error");
    r.error = e.what();
    r.unhandled_exception = true;
    return r;
  } catch (...) {
    Response r = Response::error_json(500, "internal error");
    r.error = "unknown exception";
    r.unhandled_exception = true;
    return r;
  }
}

// Runs `fn`; returns an empty string or the text of what it threw.
template <class F>
std::string run_guarded(F&& fn) noexcept {
  try {
    fn();
    return {};
  } catch (const std::exception& e) {
    const auto* http = dynamic_cast<const HttpError*>(&e);
    std::string what = http ? http->message() : std::string(e.what());
    return what.empty() ? std::string("exception with no message") : what;
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace berth::detail
