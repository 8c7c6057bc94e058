// The host's log for the UI (issue 16): GET /_berth/logs and its long poll, `berth logs [-f]` and
// `berth job follow`, through the real binary on a real socket; the commands run as child
// processes with stdout a pipe, as Docker Desktop's vm.cli.exec stream runs them.
#include "berth_host.h"
#include "support/piped_command.h"

#include <doctest/doctest.h>

#include <signal.h>

#include <future>
#include <sstream>
#include <thread>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

const std::string kGood = "  - name: good\n";
const std::string kJobs = "  - name: jobs\n    config: {tick_ms: 40}\n";

nlohmann::json logs(HttpClient& c, const std::string& query = "") {
  auto r = c.get("/_berth/logs" + query);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.json();
}

std::vector<std::string> messages(const nlohmann::json& page) {
  std::vector<std::string> out;
  for (const auto& line : page["lines"]) out.push_back(line["msg"]);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<std::string> follow_args(const BerthHost& host, std::vector<std::string> args) {
  args.insert(args.begin(), berth_binary());
  args.push_back("--socket");
  args.push_back(host.socket());
  return args;
}

std::string start_job(HttpClient& c, const std::string& job, const nlohmann::json& params) {
  auto r = c.post_json("/jobs/jobs/" + job, params);
  REQUIRE(r.status == 202);
  return r.json()["id"];
}

std::vector<nlohmann::json> parse_lines(const std::vector<std::string>& lines) {
  std::vector<nlohmann::json> out;
  for (const auto& line : lines) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("GET /_berth/logs: the host's and plugins' lines, numbered, with level and plugin") {
  BerthHost host(HostOptions{.plugins_yaml = kGood});
  auto c = host.client();
  CHECK(c.get("/good/ping").status == 200);
  CHECK(c.get("/good/throws").status == 500);

  auto all = logs(c);
  auto msgs = messages(all);
  CHECK(has(msgs, "ready"));
  CHECK(has(msgs, "good plugin registered"));
  std::uint64_t previous = 0;
  for (const auto& line : all["lines"]) {
    CHECK(line["seq"].get<std::uint64_t>() > previous);
    previous = line["seq"];
    CHECK(line["time"].get<std::string>().size() == 24);
    CHECK(line["fields"].is_object());
  }
  CHECK(all["next"] == previous);
  CHECK(all["dropped"] == 0);
  CHECK(all["first_seq"] == 1);

  // A plugin's own lines carry its name, as do the request lines of its routes.
  auto good = logs(c, "?plugin=good");
  REQUIRE_FALSE(good["lines"].empty());
  for (const auto& line : good["lines"]) CHECK(line["plugin"] == "good");
  CHECK(has(messages(good), "good plugin registered"));
  CHECK(has(messages(good), "request"));
  CHECK_FALSE(has(messages(good), "ready"));

  auto errors = logs(c, "?level=error");
  REQUIRE_FALSE(errors["lines"].empty());
  for (const auto& line : errors["lines"]) CHECK(line["level"] == "error");
  CHECK(has(messages(errors), "handler threw"));
  CHECK(logs(c, "?level=warn")["lines"].size() >= errors["lines"].size());

  // The route's own polls are not shown: a follower would read itself.
  const nlohmann::json newest = logs(c);  // kept: a range-for over a temporary's member dangles
  for (const auto& line : newest["lines"])
    if (line["msg"] == "request")
      CHECK(line["fields"]["uri"].get<std::string>().rfind("/_berth/logs", 0) != 0);
}

TEST_CASE("GET /_berth/logs: limit, and after=next pages forward from the oldest") {
  BerthHost host(HostOptions{.plugins_yaml = kGood});
  auto c = host.client();
  auto tail = logs(c, "?limit=1");
  REQUIRE(tail["lines"].size() == 1);
  CHECK(tail["lines"][0]["seq"] == tail["next"]);

  auto first = logs(c, "?after=0&limit=2");
  REQUIRE(first["lines"].size() == 2);
  CHECK(first["lines"][0]["seq"] == 1);
  CHECK(first["lines"][1]["seq"] == 2);
  CHECK(first["next"] == 2);
  auto second = logs(c, "?after=2&limit=2");
  CHECK(second["lines"][0]["seq"] == 3);

  // Past the end (a client of an earlier run of the host): from the oldest again.
  auto stale = logs(c, "?after=999999&limit=1");
  CHECK(stale["lines"][0]["seq"] == 1);
}

TEST_CASE("GET /_berth/logs: log.buffer_lines bounds the ring; seq keeps rising; dropped counts") {
  BerthHost host(HostOptions{.plugins_yaml = kGood, .log_yaml = "  buffer_lines: 5\n"});
  auto c = host.client();
  for (int i = 0; i < 12; ++i) CHECK(c.get("/good/ping").status == 200);
  auto page = logs(c, "?after=0");
  CHECK(page["lines"].size() == 5);
  CHECK(page["first_seq"].get<std::uint64_t>() > 5);
  CHECK(page["lines"][0]["seq"] == page["first_seq"]);
  CHECK(page["dropped"] == page["first_seq"].get<std::uint64_t>() - 1);
  CHECK(page["next"].get<std::uint64_t>() >= page["first_seq"].get<std::uint64_t>() + 4);
}

TEST_CASE("GET /_berth/logs: bad query values are a 400 naming the parameter") {
  BerthHost host(HostOptions{});
  auto c = host.client();
  for (const auto& [query, name] :
       std::vector<std::pair<std::string, std::string>>{{"after=-1", "after"},
                                                        {"after=soon", "after"},
                                                        {"level=loud", "level"},
                                                        {"limit=0", "limit"},
                                                        {"limit=1001", "limit"},
                                                        {"wait=61", "wait"},
                                                        {"wait=1.5", "wait"}}) {
    CAPTURE(query);
    auto r = c.get("/_berth/logs?" + query);
    CHECK(r.status == 400);
    CHECK(r.json()["message"].get<std::string>().find(name) != std::string::npos);
  }
}

TEST_CASE("GET /_berth/logs?wait: answers promptly when a line is logged, empty after the wait") {
  BerthHost host(HostOptions{.plugins_yaml = kGood});
  auto c = host.client();
  auto next = logs(c)["next"].get<std::uint64_t>();

  auto t0 = std::chrono::steady_clock::now();
  auto waiting = std::async(std::launch::async, [&] {
    auto poller = host.client();
    return poller.get("/_berth/logs?wait=5&after=" + std::to_string(next));
  });
  CHECK(waiting.wait_for(300ms) == std::future_status::timeout);
  CHECK(c.get("/good/ping").status == 200);
  auto woken = waiting.get();
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  REQUIRE(woken.status == 200);
  REQUIRE(woken.json()["lines"].size() == 1);
  CHECK(woken.json()["lines"][0]["fields"]["uri"] == "/good/ping");

  // Nothing logged: the poll answers at its deadline, with no lines and where to go on from.
  next = woken.json()["next"];
  t0 = std::chrono::steady_clock::now();
  auto idle = logs(c, "?wait=1&after=" + std::to_string(next));
  CHECK(std::chrono::steady_clock::now() - t0 >= 900ms);
  CHECK(idle["lines"].empty());
  CHECK(idle["next"].get<std::uint64_t>() >= next);

  // A line the poll does not want (below its level) does not wake it.
  next = idle["next"];
  t0 = std::chrono::steady_clock::now();
  auto quiet = std::async(std::launch::async, [&] {
    auto poller = host.client();
    return poller.get("/_berth/logs?wait=2&level=error&after=" + std::to_string(next));
  });
  std::this_thread::sleep_for(200ms);
  CHECK(c.get("/good/ping").status == 200);
  auto unwoken = quiet.get();
  CHECK(std::chrono::steady_clock::now() - t0 >= 1900ms);
  CHECK(unwoken.json()["lines"].empty());
}

TEST_CASE("GET /_berth/logs?wait is answered at once when the host stops") {
  BerthHost host(HostOptions{});
  auto c = host.client();
  auto next = logs(c)["next"].get<std::uint64_t>();
  auto t0 = std::chrono::steady_clock::now();
  auto waiting = std::async(std::launch::async, [&] {
    auto poller = host.client();
    return poller.get("/_berth/logs?wait=30&after=" + std::to_string(next));
  });
  std::this_thread::sleep_for(300ms);
  host.process().signal(SIGTERM);
  auto answer = waiting.get();
  CHECK(answer.status == 200);
  CHECK(std::chrono::steady_clock::now() - t0 < 10s);
  CHECK(host.process().wait_exit(10s) == 0);
}

TEST_CASE("berth logs: the newest lines, as text or JSON, with --level and -n") {
  BerthHost host(HostOptions{.plugins_yaml = kGood});
  auto c = host.client();
  CHECK(c.get("/good/throws").status == 500);

  auto text = run_command(follow_args(host, {"logs"}));
  CHECK(text.exit_code == 0);
  CHECK(text.output.find(" info  ready plugins=1\n") != std::string::npos);

  // The handler's error, then its request line: a 500 is logged at error level too.
  auto json = run_command(follow_args(host, {"logs", "--json", "--level", "error", "-n", "2"}));
  CHECK(json.exit_code == 0);
  std::istringstream out(json.output);
  std::string first, second;
  std::getline(out, first);
  std::getline(out, second);
  CHECK(nlohmann::json::parse(first)["msg"] == "handler threw");
  CHECK(nlohmann::json::parse(first)["plugin"] == "good");
  CHECK(nlohmann::json::parse(second)["fields"]["status"] == 500);

  auto bad = run_command(follow_args(host, {"logs", "--level", "loud"}));
  CHECK(bad.exit_code != 0);
  auto gone = run_command({berth_binary(), "logs", "--socket", (host.dir() / "no.sock").string()});
  CHECK(gone.exit_code == 3);
  CHECK(gone.output.find("berth logs: ") == 0);
}

TEST_CASE("berth logs -f streams new lines to a pipe and ends when killed") {
  BerthHost host(HostOptions{.plugins_yaml = kGood});
  auto c = host.client();
  PipedCommand follow(follow_args(host, {"logs", "-f", "--json", "-n", "1"}),
                      host.dir() / "follow.err");
  REQUIRE(follow.read_line(5s));  // the newest line
  for (int i = 0; i < 3; ++i) {
    CHECK(c.get("/good/ping").status == 200);
    auto line = follow.read_line(5s);
    REQUIRE(line);
    auto json = nlohmann::json::parse(*line);
    CHECK(json["msg"] == "request");
    CHECK(json["fields"]["uri"] == "/good/ping");
  }
  follow.signal(SIGTERM);
  CHECK(follow.wait_exit(3s) == 128 + SIGTERM);
  CHECK(c.get("/_berth/health").status == 200);
}

TEST_CASE("berth logs -f ends with a message and exit 3 when the host stops") {
  BerthHost host(HostOptions{});
  PipedCommand follow(follow_args(host, {"logs", "-f"}), host.dir() / "follow.err");
  REQUIRE(follow.read_line(5s));
  host.process().signal(SIGTERM);
  auto rest = follow.read_to_end(10s);
  CHECK(follow.wait_exit(5s) == 3);
  CHECK(follow.stderr_text().find("berth logs: " + host.socket() + ": the host went away: ") == 0);
  REQUIRE_FALSE(rest.empty());
  CHECK(std::any_of(rest.begin(), rest.end(), [](const std::string& line) {
    return line.find("shutting down") != std::string::npos;
  }));
}

TEST_CASE("berth logs -f exits quietly when the reader of its stdout goes away") {
  BerthHost host(HostOptions{.plugins_yaml = kGood});
  PipedCommand follow(follow_args(host, {"logs", "-f"}), host.dir() / "follow.err");
  REQUIRE(follow.read_line(5s));
  follow.close_stdout();
  // Nothing is logged meanwhile: it notices while waiting, not at its next write.
  CHECK(follow.wait_exit(3s) == 0);
  CHECK(follow.stderr_text().empty());
  // And when a line comes while it writes (SIGPIPE, EPIPE).
  PipedCommand second(follow_args(host, {"logs", "-f"}), host.dir() / "second.err");
  REQUIRE(second.read_line(5s));
  second.close_stdout();
  auto c = host.client();
  for (int i = 0; i < 20; ++i) c.get("/good/ping");
  CHECK(second.wait_exit(3s) == 0);
  CHECK(second.stderr_text().empty());
}

TEST_CASE("berth job follow: progress and log lines as JSON lines; exit 0 when it succeeded") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = start_job(c, "sleep", {{"ms", 600}});
  PipedCommand follow(follow_args(host, {"job", "follow", id}), host.dir() / "follow.err");
  auto events = parse_lines(follow.read_to_end(20s));
  CHECK(follow.wait_exit(5s) == 0);
  REQUIRE(events.size() >= 3);
  int running = 0;
  for (const auto& e : events)
    if (e["event"] == "progress" && e["state"] == "running") ++running;
  CHECK(running >= 2);  // it moved while followed
  auto logged = std::count_if(events.begin(), events.end(), [](const nlohmann::json& e) {
    return e["event"] == "log" && e["text"] == "woke up" && e["seq"] == 1;
  });
  CHECK(logged == 1);
  CHECK(events.back()["event"] == "end");
  CHECK(events.back()["state"] == "succeeded");
  CHECK(events.back()["result"] == nlohmann::json{{"slept_ms", 600}});
}

TEST_CASE("berth job follow: a failed job exits 1; an unknown one 2 with a message") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = start_job(c, "fail", {});
  PipedCommand follow(follow_args(host, {"job", "follow", id}), host.dir() / "follow.err");
  auto events = parse_lines(follow.read_to_end(20s));
  CHECK(follow.wait_exit(5s) == 1);
  REQUIRE_FALSE(events.empty());
  CHECK(events.back()["state"] == "failed");
  CHECK(events.back()["error"] == "the job failed on purpose");

  auto unknown = run_command(follow_args(host, {"job", "follow", "no-such-job"}));
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output == "berth job follow: job no-such-job not found\n");
}

TEST_CASE("berth job follow: log lines are printed once each, in order, to the last") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = start_job(c, "long-log", {{"bytes", 10}, {"lines", 300}});
  PipedCommand follow(follow_args(host, {"job", "follow", id}), host.dir() / "follow.err");
  auto events = parse_lines(follow.read_to_end(20s));
  CHECK(follow.wait_exit(5s) == 0);
  std::uint64_t previous = 0;
  for (const auto& e : events) {
    if (e["event"] != "log") continue;
    CHECK(e["seq"].get<std::uint64_t>() > previous);
    previous = e["seq"];
  }
  CHECK(previous == 301);  // the long line, then 300 short ones
}

TEST_CASE("berth job follow: the host stopping under it is exit 3 with a message") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs, .server_yaml = "  shutdown_timeout: 500ms\n"});
  auto c = host.client();
  auto id = start_job(c, "ignore-stop", {{"ms", 30000}});
  PipedCommand follow(follow_args(host, {"job", "follow", id}), host.dir() / "follow.err");
  REQUIRE(follow.read_line(5s));
  host.process().signal(SIGTERM);
  follow.read_to_end(10s);
  CHECK(follow.wait_exit(5s) == 3);
  CHECK(follow.stderr_text().find("the host went away") != std::string::npos);
}
