#include "log/log_ring.h"
#include "log/request_line.h"

#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <thread>

using namespace berth;
using namespace berth::log;
using namespace std::chrono_literals;

namespace {

void add(LogRing& ring, int count, LogLevel level = LogLevel::info,
         const nlohmann::json& fields = nlohmann::json::object()) {
  for (int i = 0; i < count; ++i) ring.append(level, "line", fields);
}

std::vector<std::uint64_t> seqs(const RingPage& page) {
  std::vector<std::uint64_t> out;
  for (const auto& line : page.lines) out.push_back(line.seq);
  return out;
}

RingQuery after(std::uint64_t seq, std::size_t limit = 200) {
  RingQuery q;
  q.after = seq;
  q.limit = limit;
  return q;
}

}  // namespace

TEST_CASE("the ring keeps the newest lines; seq keeps rising past the capacity") {
  LogRing ring(3);
  add(ring, 5);
  CHECK(ring.last_seq() == 5);
  auto tail = ring.read({});
  CHECK(seqs(tail) == std::vector<std::uint64_t>{3, 4, 5});
  CHECK(tail.first_seq == 3);
  CHECK(tail.next == 5);
  CHECK(tail.dropped == 0);

  // A reader that saw line 1 missed line 2: dropped says so.
  auto gap = ring.read(after(1));
  CHECK(seqs(gap) == std::vector<std::uint64_t>{3, 4, 5});
  CHECK(gap.dropped == 1);
  CHECK(ring.read(after(0)).dropped == 2);

  auto caught_up = ring.read(after(5));
  CHECK(caught_up.lines.empty());
  CHECK(caught_up.next == 5);
  CHECK(ring.read(after(4)).lines.size() == 1);
}

TEST_CASE("after= beyond the last line (an earlier run of the host) starts from the oldest") {
  LogRing ring(10);
  add(ring, 2);
  auto page = ring.read(after(900));
  CHECK(seqs(page) == std::vector<std::uint64_t>{1, 2});
  CHECK(page.next == 2);
}

TEST_CASE("limit pages forward from after=, and the tail is the newest lines") {
  LogRing ring(100);
  add(ring, 10);
  auto first = ring.read(after(0, 4));
  CHECK(seqs(first) == std::vector<std::uint64_t>{1, 2, 3, 4});
  CHECK(first.next == 4);
  auto second = ring.read(after(first.next, 4));
  CHECK(seqs(second) == std::vector<std::uint64_t>{5, 6, 7, 8});
  RingQuery tail;
  tail.limit = 2;
  CHECK(seqs(ring.read(tail)) == std::vector<std::uint64_t>{9, 10});
}

TEST_CASE("filters: minimum level, plugin, hidden lines; next passes what was skipped") {
  LogRing ring(100);
  ring.append(LogLevel::debug, "d", {});
  ring.append(LogLevel::warn, "w", {{"plugin", "notes"}});
  ring.append(LogLevel::error, "e", {{"plugin", "hello"}});
  ring.append(LogLevel::info, "i", {{"plugin", "notes"}, {"n", 1}});
  ring.append(LogLevel::debug, "trailing", {});

  RingQuery warn = after(0);
  warn.min_level = LogLevel::warn;
  CHECK(seqs(ring.read(warn)) == std::vector<std::uint64_t>{2, 3});
  CHECK(ring.read(warn).next == 5);

  RingQuery notes = after(0);
  notes.plugin = "notes";
  auto page = ring.read(notes);
  CHECK(seqs(page) == std::vector<std::uint64_t>{2, 4});
  CHECK(page.lines[1].msg == "i");
  CHECK(page.lines[1].plugin == "notes");
  CHECK(nlohmann::json::parse(page.lines[1].fields) ==
        nlohmann::json{{"plugin", "notes"}, {"n", 1}});

  RingQuery hide = after(0);
  hide.hide = [](const RingLine& line) { return line.msg == "w"; };
  CHECK(seqs(ring.read(hide)) == std::vector<std::uint64_t>{1, 3, 4, 5});
}

TEST_CASE("a line's message and fields are bounded; a value too large is noted, keys kept") {
  LogRing ring(4);
  ring.append(LogLevel::info, std::string(kMaxLineBytes * 2, 'm'),
              {{"small", 1}, {"big", std::string(kMaxLineBytes, 'x')}});
  auto line = ring.read({}).lines.at(0);
  CHECK(line.msg.size() + line.fields.size() <= kMaxLineBytes + 8);
  auto fields = nlohmann::json::parse(line.fields);
  CHECK(fields["small"] == 1);
  CHECK(fields["big"].get<std::string>().rfind("(cut: ", 0) == 0);
  // Invalid UTF-8 in a field does not lose the line.
  ring.append(LogLevel::info, "bytes", {{"raw", std::string("\xff\xfe")}});
  CHECK(ring.read({}).lines.back().msg == "bytes");
}

TEST_CASE("a smaller capacity drops the oldest lines") {
  LogRing ring(10);
  add(ring, 6);
  ring.set_capacity(2);
  CHECK(seqs(ring.read({})) == std::vector<std::uint64_t>{5, 6});
}

TEST_CASE("when_lines: answered at once with lines, by a new line, or empty at the deadline") {
  LogRing ring(100);
  add(ring, 1);
  std::promise<RingPage> at_once;
  ring.when_lines(after(0), LogRing::Clock::now() + 5s,
                  [&](RingPage p) { at_once.set_value(std::move(p)); });
  CHECK(seqs(at_once.get_future().get()) == std::vector<std::uint64_t>{1});

  std::promise<RingPage> woken;
  auto t0 = LogRing::Clock::now();
  ring.when_lines(after(1), t0 + 5s, [&](RingPage p) { woken.set_value(std::move(p)); });
  auto woken_page = woken.get_future();
  CHECK(woken_page.wait_for(100ms) == std::future_status::timeout);
  ring.append(LogLevel::info, "news", {});
  REQUIRE(woken_page.wait_for(2s) == std::future_status::ready);
  CHECK(seqs(woken_page.get()) == std::vector<std::uint64_t>{2});
  CHECK(LogRing::Clock::now() - t0 < 2s);

  // A line the poll does not want does not answer it; the deadline does, with no lines.
  std::promise<RingPage> idle;
  RingQuery errors = after(2);
  errors.min_level = LogLevel::error;
  t0 = LogRing::Clock::now();
  ring.when_lines(errors, t0 + 400ms, [&](RingPage p) { idle.set_value(std::move(p)); });
  ring.append(LogLevel::info, "not wanted", {});
  auto idle_page = idle.get_future().get();
  CHECK(idle_page.lines.empty());
  CHECK(idle_page.next == 3);
  CHECK(LogRing::Clock::now() - t0 >= 390ms);
}

TEST_CASE("close answers waiting polls at once, and later ones too") {
  LogRing ring(10);
  std::promise<RingPage> waiting;
  auto t0 = LogRing::Clock::now();
  ring.when_lines(after(0), t0 + 30s, [&](RingPage p) { waiting.set_value(std::move(p)); });
  ring.close();
  CHECK(waiting.get_future().get().lines.empty());
  CHECK(LogRing::Clock::now() - t0 < 5s);
  bool answered = false;
  ring.when_lines(after(0), LogRing::Clock::now() + 30s, [&](RingPage) { answered = true; });
  CHECK(answered);
}

TEST_CASE("appends from many threads are numbered without gaps") {
  LogRing ring(100000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { add(ring, 1000); });
  for (auto& t : threads) t.join();
  auto page = ring.read(after(0, 10000));
  REQUIRE(page.lines.size() == 4000);
  for (std::size_t i = 0; i < page.lines.size(); ++i) CHECK(page.lines[i].seq == i + 1);
}

TEST_CASE(
    "formatted lines reuse the slots they replace: content and seq stay right round the ring") {
  LogRing ring(3);
  for (int i = 1; i <= 10; ++i) {
    const std::string members = R"("uri":"/r)" + std::to_string(i) + R"(","status":200})";
    if (i % 4 == 0)
      ring.append(LogLevel::warn, "plain", {{"n", i}});
    else
      ring.append_formatted(std::chrono::system_clock::now(), LogLevel::info, "request",
                            i % 2 ? "hello" : "notes", members);
  }
  auto page = ring.read(after(0));
  CHECK(seqs(page) == std::vector<std::uint64_t>{8, 9, 10});
  CHECK(page.dropped == 7);
  CHECK(page.lines[0].msg == "plain");
  CHECK(page.lines[0].plugin.empty());
  CHECK(nlohmann::json::parse(page.lines[0].fields) == nlohmann::json{{"n", 8}});
  CHECK(page.lines[1].msg == "request");
  CHECK(page.lines[1].plugin == "hello");
  CHECK(nlohmann::json::parse(page.lines[1].fields)["uri"] == "/r9");
  CHECK(page.lines[2].plugin == "notes");
  CHECK(nlohmann::json::parse(page.lines[2].fields)["uri"] == "/r10");

  RingQuery notes = after(0);
  notes.plugin = "notes";
  CHECK(seqs(ring.read(notes)) == std::vector<std::uint64_t>{10});
}

TEST_CASE("a capacity change after the ring went round keeps the newest lines in order") {
  LogRing ring(4);
  add(ring, 7);  // wrapped: 4..7 kept, the oldest in the middle of the slots
  ring.set_capacity(6);
  CHECK(seqs(ring.read({})) == std::vector<std::uint64_t>{4, 5, 6, 7});
  add(ring, 3);
  CHECK(seqs(ring.read({})) == std::vector<std::uint64_t>{5, 6, 7, 8, 9, 10});
  ring.set_capacity(2);
  CHECK(seqs(ring.read({})) == std::vector<std::uint64_t>{9, 10});
  add(ring, 1);
  CHECK(seqs(ring.read(after(0))) == std::vector<std::uint64_t>{10, 11});
}

TEST_CASE("request records are formatted when read, filtered and hidden by their fields") {
  LogRing ring(4);
  std::string record;
  for (int i = 1; i <= 6; ++i) {
    const std::string uri = "/r" + std::to_string(i);
    encode_request_record(
        record, std::chrono::system_clock::now(), LogLevel::info,
        {.id = "id", .uri = uri, .plugin = i % 2 ? "hello" : "notes", .status = 200});
    ring.append_record(std::chrono::system_clock::now(), LogLevel::info, "request",
                       i % 2 ? "hello" : "notes", record);
  }
  ring.append(LogLevel::warn, "plain", {{"n", 7}});  // takes the slot of a record, never read
  auto page = ring.read(after(0));
  CHECK(seqs(page) == std::vector<std::uint64_t>{4, 5, 6, 7});
  for (const auto& line : page.lines) CHECK(line.record.empty());
  CHECK(nlohmann::json::parse(page.lines[0].fields)["uri"] == "/r4");
  CHECK(nlohmann::json::parse(page.lines[2].fields)["uri"] == "/r6");
  CHECK(nlohmann::json::parse(page.lines[3].fields) == nlohmann::json{{"n", 7}});
  CHECK(page.lines[1].plugin == "hello");

  RingQuery notes = after(0);
  notes.plugin = "notes";
  notes.hide = [](const RingLine& line) { return line.fields.find("/r6") != std::string::npos; };
  page = ring.read(notes);
  REQUIRE(page.lines.size() == 1);
  CHECK(nlohmann::json::parse(page.lines[0].fields)["uri"] == "/r4");
  // Read again: formatted once, the same text.
  CHECK(ring.read(after(3, 1)).lines[0].fields == page.lines[0].fields);
}
