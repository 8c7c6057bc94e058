// A write that got a 2xx survives kill -9: concurrent POSTs, SIGKILL mid-stream, restart, check.
#include "berth_host.h"

#include <doctest/doctest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace berth::test;

namespace {

// The body and tags follow from the title, so a row written in part would not match.
nlohmann::json note_for(const std::string& title) {
  return {{"title", title}, {"body", "body of " + title + " ' \"; --"}, {"tags", {"k9", title}}};
}

std::vector<nlohmann::json> all_notes(HttpClient& client) {
  std::vector<nlohmann::json> notes;
  std::string cursor;
  for (;;) {
    auto page = client.get("/notes?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor));
    REQUIRE(page.status == 200);
    auto body = page.json();
    for (auto& n : body["notes"]) notes.push_back(n);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  return notes;
}

}  // namespace

TEST_CASE("every acknowledged POST survives SIGKILL, and no partial row exists") {
  TempDir data("berth-durability");
  std::set<std::string> acknowledged;
  constexpr int kRounds = 4;
  for (int round = 0; round < kRounds; ++round) {
    BerthHost host(HostOptions{
        .plugins_yaml = "  - name: notes\n", .tcp = false, .data_dir = data.path().string()});
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::atomic<int> acked_this_round{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 16; ++t) {
      writers.emplace_back([&, t] {
        auto client = host.client();
        client.set_timeout_ms(5000);
        for (int i = 0; !stop; ++i) {
          std::string title =
              "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" + std::to_string(i);
          auto r = client.post_json("/notes", note_for(title));
          if (r.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.insert(title);
            ++acked_this_round;
          } else if (r.status == 0) {
            return;  // the host is gone
          }
        }
      });
    }
    // Kill once writes are flowing, in the middle of the stream.
    for (int i = 0; i < 500 && acked_this_round < 50; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    host.process().signal(SIGKILL);
    REQUIRE(host.process().wait_exit(std::chrono::seconds(5)) == 128 + SIGKILL);
    stop = true;
    for (auto& w : writers) w.join();
    CHECK(acked_this_round > 0);
  }

  BerthHost host(HostOptions{
      .plugins_yaml = "  - name: notes\n", .tcp = false, .data_dir = data.path().string()});
  auto client = host.client();
  std::set<std::string> stored;
  for (const auto& n : all_notes(client)) {
    std::string title = n["title"];
    auto expected = note_for(title);
    CAPTURE(title);
    CHECK(n["body"] == expected["body"]);
    CHECK(n["tags"] == expected["tags"]);
    stored.insert(title);
  }
  std::vector<std::string> lost;
  for (const auto& t : acknowledged)
    if (!stored.count(t)) lost.push_back(t);
  CHECK(lost.empty());
  CHECK(stored.size() >= acknowledged.size());
  MESSAGE(acknowledged.size() << " acknowledged writes over " << kRounds << " kills; "
                              << lost.size() << " lost");
}
