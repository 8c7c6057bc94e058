// The engine's /events stream: one JSON object per line, keyed for resuming without a gap or a
// duplicate. Lines come from the engine, and from whatever answers on DOCKER_HOST.
#include "fuzz_target.h"

#include <berth/docker/event_cursor.h>
#include <berth/docker/line_splitter.h>

#include <string>

BERTH_FUZZ_TARGET(docker_events) {
  berth::docker::LineSplitter splitter;
  berth::docker::EventCursor cursor;
  auto on_line = [&](std::string_view line) {
    nlohmann::json event = nlohmann::json::parse(line, nullptr, false);
    if (event.is_discarded()) return;
    auto key = berth::docker::event_key(event);
    if (!key) return;
    const bool was_new = cursor.is_new(*key);
    if (was_new) cursor.advance(*key);
    BERTH_FUZZ_CHECK(!cursor.is_new(*key) || !was_new);  // recorded once, then a duplicate
    BERTH_FUZZ_CHECK(cursor.last_time_nano().has_value());
    if (key->time_nano >= 0) {
      const std::string since = cursor.since();
      BERTH_FUZZ_CHECK(since.find('.') != std::string::npos &&
                       since.find('-') == std::string::npos);
    }
    // A cursor restored from the record it keeps agrees with the live one.
    berth::docker::EventCursor restored(*cursor.last_time_nano(), {*key});
    BERTH_FUZZ_CHECK(!restored.is_new(*key));
  };
  splitter.feed(berth::fuzz::as_text(data, size), on_line);
  splitter.flush(on_line);
  return 0;
}
