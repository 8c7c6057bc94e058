#include "event_follower.h"

#include <condition_variable>
#include <mutex>

namespace docker_plugin {
namespace {

const nlohmann::json kLifecycle = {"create", "start", "restart", "stop",    "kill",   "die",
                                   "oom",    "pause", "unpause", "destroy", "rename", "update"};

// Sleeps `d`, waking at once when `stop` fires.
void wait_for(std::stop_token stop, std::chrono::milliseconds d) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  cv.wait_for(lock, stop, d, [] { return false; });
}

}  // namespace

std::string events_path(const std::string& since) {
  nlohmann::json filters = {{"type", {"container"}}, {"event", kLifecycle}};
  std::string path = "/events?filters=" + berth::docker::escape(filters.dump());
  if (!since.empty()) path += "&since=" + since;
  return path;
}

EventFollower::EventFollower(std::shared_ptr<EngineLink> link, std::shared_ptr<EventStore> store)
    : link_(std::move(link)), store_(std::move(store)) {}

nlohmann::json EventFollower::status() const {
  return {{"following", following_.load()},
          {"recorded", recorded_.load()},
          {"connects", connects_.load()}};
}

void EventFollower::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    try {
      follow_once(stop);
      if (!stop.stop_requested()) link_->mark_down("Docker Engine ended the /events stream");
    } catch (const berth::docker::EngineError& e) {
      following_ = false;
      link_->mark_down(e.what());
    }
    wait_for(stop, link_->settings().retry_interval);
  }
}

void EventFollower::follow_once(std::stop_token stop) {
  auto& engine = link_->client();
  const auto version = engine.api_version();  // throws while the engine is away
  // The record is the truth: resume after what it holds, even if a write failed last time.
  auto cursor = store_->cursor();
  const std::string path = events_path(cursor.since());
  ++connects_;
  link_->mark_up(version.str());
  following_ = true;
  struct Unfollow {
    std::atomic<bool>& flag;
    ~Unfollow() { flag = false; }
  } unfollow{following_};
  engine.stream_lines(path,
                      [&](std::string_view line) {
                        auto event = nlohmann::json::parse(line, nullptr, false);
                        if (event.is_discarded()) {
                          link_->log().warn("skipped a line of /events that is not JSON");
                          return;
                        }
                        auto key = berth::docker::event_key(event);
                        if (!key || !cursor.is_new(*key)) return;
                        if (store_->record(*key, event)) ++recorded_;
                        cursor.advance(*key);
                      },
                      {.stop = stop});
}

}  // namespace docker_plugin
