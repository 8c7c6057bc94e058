#include "engine_link.h"

#include <ctime>

namespace docker_plugin {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

EngineLink::EngineLink(Settings settings, berth::Logger& log)
    : settings_(std::move(settings)),
      client_(berth::docker::EngineOptions{.socket = settings_.socket,
                                           .connect_timeout = settings_.connect_timeout,
                                           .request_timeout = settings_.request_timeout}),
      log_(log) {}

void EngineLink::mark_up(const std::string& api_version) {
  std::lock_guard lock(mu_);
  if (reachable_ == true && api_version_ == api_version) return;
  reachable_ = true;
  api_version_ = api_version;
  last_error_.clear();
  since_ = utc_now();
  log_.info("Docker Engine connected",
            {{"socket", settings_.socket}, {"api_version", api_version}});
}

void EngineLink::mark_down(const std::string& reason) {
  std::lock_guard lock(mu_);
  const bool changed = reachable_ != false;
  last_error_ = reason;
  if (!changed) return;
  reachable_ = false;
  since_ = utc_now();
  log_.warn("Docker Engine unreachable; retrying in the background",
            {{"socket", settings_.socket},
             {"error", reason},
             {"retry_interval_ms", settings_.retry_interval.count()}});
}

namespace {
nlohmann::json text_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}
}  // namespace

nlohmann::json EngineLink::status() const {
  std::lock_guard lock(mu_);
  return {{"reachable", reachable_ ? nlohmann::json(*reachable_) : nlohmann::json(nullptr)},
          {"socket", settings_.socket},
          {"api_version", text_or_null(api_version_)},
          {"last_error", text_or_null(last_error_)},
          {"since", text_or_null(since_)}};
}

berth::Response engine_error_response(const berth::docker::EngineError& error,
                                      const EngineLink& link) {
  using Kind = berth::docker::EngineError::Kind;
  if (error.kind() == Kind::unavailable) {
    const auto retry_seconds = (link.settings().retry_interval.count() + 999) / 1000;
    return berth::Response::error_json(503, error.what(),
                                       {{"engine", "unreachable"},
                                        {"socket", link.settings().socket},
                                        {"retry_after", retry_seconds}})
        .header("Retry-After", std::to_string(retry_seconds));
  }
  return berth::Response::error_json(error.status(), error.what());
}

}  // namespace docker_plugin
