#include <berth/docker/event_cursor.h>
#include <doctest/doctest.h>

using namespace berth::docker;

TEST_CASE(
    "an event's key comes from timeNano, Actor.ID and Action, with the old fields as fallback") {
  auto key = event_key(nlohmann::json::parse(
      R"({"status":"start","id":"abc","Type":"container","Action":"start",
          "Actor":{"ID":"abc","Attributes":{"name":"web"}},"time":1700000000,
          "timeNano":1700000000123456789})"));
  REQUIRE(key);
  CHECK(*key == EventKey{1700000000123456789, "abc", "start"});
  auto old_style = event_key({{"status", "die"}, {"id", "def"}, {"timeNano", 5}});
  REQUIRE(old_style);
  CHECK(*old_style == EventKey{5, "def", "die"});
  CHECK_FALSE(event_key({{"id", "abc"}, {"Action", "start"}}));            // no timeNano
  CHECK_FALSE(event_key({{"timeNano", 5}, {"Action", "start"}}));          // no id
  CHECK_FALSE(event_key({{"timeNano", "5"}, {"id", "a"}}));                // not a number
  CHECK_FALSE(event_key({{"timeNano", 5}, {"id", ""}, {"Action", "x"}}));  // empty id
  CHECK_FALSE(event_key("not an object"));
}

TEST_CASE("engine timestamps keep all nine digits of the nanoseconds") {
  CHECK(engine_timestamp(1700000000123456789) == "1700000000.123456789");
  CHECK(engine_timestamp(1700000000000000001) == "1700000000.000000001");
  CHECK(engine_timestamp(0) == "0.000000000");
}

TEST_CASE("an empty cursor follows from now and takes everything") {
  EventCursor c;
  CHECK(c.since().empty());
  CHECK(c.is_new({1, "a", "start"}));
  CHECK_FALSE(c.last_time_nano());
}

TEST_CASE(
    "resuming replays the boundary instant: what was recorded there is skipped, the rest is not") {
  // Recorded up to t=100: "a create" and "a start" both at t=100 (one instant, two events).
  EventCursor c(100, {{100, "a", "create"}, {100, "a", "start"}});
  CHECK(c.since() == "0.000000100");
  CHECK_FALSE(c.is_new({99, "z", "die"}));      // before the boundary: delivered before it
  CHECK_FALSE(c.is_new({100, "a", "create"}));  // the replayed boundary
  CHECK_FALSE(c.is_new({100, "a", "start"}));
  CHECK(c.is_new({100, "b", "create"}));  // same instant, another container: new
  CHECK(c.is_new({100, "a", "die"}));     // same instant, another action: new
  CHECK(c.is_new({101, "a", "die"}));
}

TEST_CASE("advancing moves the boundary and forgets the older instant") {
  EventCursor c;
  c.advance({10, "a", "create"});
  c.advance({10, "a", "start"});
  CHECK(c.since() == "0.000000010");
  CHECK_FALSE(c.is_new({10, "a", "start"}));
  c.advance({20, "a", "die"});
  CHECK(c.last_time_nano() == 20);
  CHECK_FALSE(c.is_new({10, "b", "start"}));  // older than the boundary now
  CHECK_FALSE(c.is_new({20, "a", "die"}));
  CHECK(c.is_new({20, "a", "destroy"}));
  // A late, older key does not move the boundary back.
  c.advance({15, "x", "kill"});
  CHECK(c.last_time_nano() == 20);
}

TEST_CASE("a replayed stream through the cursor yields every event exactly once") {
  // The engine's buffer, and two connections: the first dies after event 3, the second resumes
  // with since = event 3's instant and gets events 2..6 again (2 and 3 share the instant).
  std::vector<EventKey> engine = {{1, "a", "create"}, {5, "a", "start"},   {5, "b", "create"},
                                  {7, "a", "die"},    {7, "a", "destroy"}, {9, "b", "start"}};
  EventCursor c;
  std::vector<EventKey> recorded;
  auto deliver = [&](const EventKey& k) {
    if (!c.is_new(k)) return;
    recorded.push_back(k);
    c.advance(k);
  };
  for (int i = 0; i < 3; ++i) deliver(engine[i]);
  CHECK(c.since() == "0.000000005");
  for (const auto& k : engine)
    if (k.time_nano >= 5) deliver(k);  // the engine's `since` is inclusive
  CHECK(recorded == engine);
}
