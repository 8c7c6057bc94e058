// The docker plugin's pure parts: config, request checks, the engine-to-answer mapping, log lines.
#include "container_logs.h"
#include "container_view.h"
#include "event_routes.h"
#include "event_store.h"
#include "log_frame.h"
#include "settings.h"

#include <berth/http_error.h>
#include <doctest/doctest.h>

#include <functional>

using namespace docker_plugin;
using namespace std::chrono_literals;

namespace {

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const berth::HttpError& e) {
    return e.status();
  } catch (const berth::docker::EngineError& e) {
    return e.status();
  }
  return 0;
}

berth::Request request_with(std::initializer_list<std::pair<std::string, std::string>> query) {
  berth::Request r;
  for (const auto& [k, v] : query) r.query.emplace(k, v);
  return r;
}

}  // namespace

TEST_CASE("settings: defaults, units, DOCKER_HOST form, and errors naming the key") {
  auto s = parse_settings(nullptr);
  CHECK(s.socket == "/var/run/docker.sock");
  CHECK(s.retry_interval == 2s);
  s = parse_settings({{"socket", "unix:///tmp/e/docker.sock"},
                      {"connect_timeout", "250ms"},
                      {"request_timeout", 5},
                      {"retry_interval", 0.5},
                      {"volume_sizes_timeout", "2m"},
                      {"events_max_rows", 50}});
  CHECK(s.socket == "/tmp/e/docker.sock");
  CHECK(s.connect_timeout == 250ms);
  CHECK(s.request_timeout == 5s);
  CHECK(s.retry_interval == 500ms);
  CHECK(s.volume_sizes_timeout == 120s);
  CHECK(s.events_max_rows == 50);
  auto error_of = [](const nlohmann::json& config) {
    try {
      parse_settings(config);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of({{"sockett", "/x"}}).rfind("sockett: unknown key", 0) == 0);
  CHECK(error_of({{"socket", "relative.sock"}}).rfind("socket:", 0) == 0);
  CHECK(error_of({{"socket", 5}}).rfind("socket:", 0) == 0);
  CHECK(error_of({{"retry_interval", "soon"}}).rfind("retry_interval:", 0) == 0);
  CHECK(error_of({{"retry_interval", "5h"}}).rfind("retry_interval:", 0) == 0);
  CHECK(error_of({{"retry_interval", 0}}).rfind("retry_interval:", 0) == 0);
  CHECK(error_of({{"retry_interval", -1}}).rfind("retry_interval:", 0) == 0);
  CHECK(error_of({{"events_max_rows", 0}}).rfind("events_max_rows:", 0) == 0);
  CHECK(error_of({{"events_max_rows", "10"}}).rfind("events_max_rows:", 0) == 0);
  CHECK(error_of("a string").rfind("config:", 0) == 0);
}

TEST_CASE("container references that could reach another Engine API path are refused") {
  CHECK(checked_container_ref("web-1") == "web-1");
  CHECK(checked_container_ref("3f4e9a") == "3f4e9a");
  CHECK(checked_container_ref("my_app.db") == "my_app.db");
  for (const char* bad : {"", "../version", "a/b", "a?b", "a b", "-x", ".x", "a%2F", "é"})
    CHECK_MESSAGE(status_of([&] { checked_container_ref(bad); }) == 400, bad);
  CHECK(status_of([] { checked_container_ref(std::string(300, 'a')); }) == 400);
}

TEST_CASE("the container list's query becomes the engine's, labels as a JSON filter") {
  CHECK(list_containers_path(request_with({})) == "/containers/json?all=0");
  CHECK(list_containers_path(request_with({{"all", "true"}})) == "/containers/json?all=1");
  CHECK(
      list_containers_path(request_with({{"all", "1"}, {"label", "app=web"}, {"label", "tier"}})) ==
      "/containers/json?all=1&filters=" + berth::docker::escape(R"({"label":["app=web","tier"]})"));
  CHECK(status_of([] { list_containers_path(request_with({{"all", "yes"}})); }) == 400);
  CHECK(status_of([] { list_containers_path(request_with({{"label", "=v"}})); }) == 400);
  CHECK(status_of([] { list_containers_path(request_with({{"label", ""}})); }) == 400);
  CHECK(status_of([] { list_containers_path(request_with({{"label", "a\nb"}})); }) == 400);
}

TEST_CASE("tail, stop timeout and event queries are checked") {
  CHECK(parse_tail(request_with({}), 100) == "200");
  CHECK(parse_tail(request_with({{"tail", "5"}}), 100) == "5");
  CHECK(parse_tail(request_with({{"tail", "007"}}), 100) == "7");
  CHECK(parse_tail(request_with({{"tail", "all"}}), 100) == "all");
  for (const char* bad : {"-1", "101", "1e3", "x", "99999999999"})
    CHECK_MESSAGE(status_of([&] { parse_tail(request_with({{"tail", bad}}), 100); }) == 400, bad);
  CHECK(parse_stop_timeout(nullptr, 10) == 10);
  CHECK(parse_stop_timeout({{"timeout", 0}}, 10) == 0);
  CHECK(status_of([] { parse_stop_timeout({{"timeout", -1}}, 10); }) == 400);
  CHECK(status_of([] { parse_stop_timeout({{"timeout", "5"}}, 10); }) == 400);
  CHECK(status_of([] { parse_stop_timeout({{"timeout", 3601}}, 10); }) == 400);

  auto q =
      parse_event_query(request_with({{"since", "1700000000.5"}, {"after", "3"}, {"limit", "2"}}));
  CHECK(q.since_nano == 1700000000500000000);
  CHECK(q.after_seq == 3);
  CHECK(q.limit == 2);
  for (auto bad : std::vector<std::pair<std::string, std::string>>{{"since", "yesterday"},
                                                                   {"since", "1.1234567891"},
                                                                   {"since", "-5"},
                                                                   {"after", "x"},
                                                                   {"limit", "0"},
                                                                   {"limit", "10001"},
                                                                   {"container", "a/b"}})
    CHECK_MESSAGE(status_of([&] { parse_event_query(request_with({bad})); }) == 400, bad.first);
}

TEST_CASE("engine times convert both ways") {
  CHECK(parse_engine_time("1700000000") == 1700000000000000000);
  CHECK(parse_engine_time("1700000000.000000001") == 1700000000000000001);
  CHECK_FALSE(parse_engine_time(""));
  CHECK_FALSE(parse_engine_time("1700000000."));
  CHECK(rfc3339_nano(1700000000000000001) == "2023-11-14T22:13:20.000000001Z");
}

TEST_CASE("the checks' bounds: lengths and digit counts at and past their limits") {
  CHECK(checked_container_ref(std::string(255, 'a')).size() == 255);
  CHECK(status_of([] { checked_container_ref(std::string(256, 'a')); }) == 400);
  CHECK(checked_container_ref("A0_.-") == "A0_.-");
  CHECK(status_of([] { checked_container_ref("_a"); }) == 400);
  CHECK(parse_engine_time("9223372035") == 9223372035LL * 1'000'000'000);
  CHECK_FALSE(parse_engine_time("9223372037"));  // past int64 nanoseconds (year 2262)
  CHECK_FALSE(parse_engine_time("12345678901"));
  CHECK_FALSE(parse_engine_time("123456789012"));
  CHECK(parse_engine_time("1.5") == 1'500'000'000);
  CHECK_FALSE(parse_engine_time("1.1234567890"));
  for (const char* bad : {".5", "1..5", "1.5.", "1.-5", " 1", "1 ", "+1", "1e9"})
    CHECK_MESSAGE(!parse_engine_time(bad), bad);
  CHECK(is_digits("123456789", 9));
  CHECK_FALSE(is_digits("1234567890", 9));
  CHECK_FALSE(is_digits("", 9));
  CHECK_FALSE(is_digits("12a", 9));
  CHECK(parse_tail(request_with({{"tail", "000000100"}}), 100) == "100");
  CHECK(status_of([] { parse_tail(request_with({{"tail", "0000000100"}}), 100); }) == 400);
  CHECK(parse_event_query(request_with({{"after", std::string(18, '9')}})).after_seq ==
        999'999'999'999'999'999);
  CHECK(status_of([] {
          parse_event_query(request_with({{"after", std::string(19, '9')}}));
        }) == 400);
}

// These checks were std::regex, which recurses per character: a long enough value crashes the
// host. Plain code refuses a value of any length at once.
TEST_CASE("a megabyte of input to a request check is refused at once, without recursion") {
  const auto start = std::chrono::steady_clock::now();
  const std::string digits(1 << 20, '7');
  const std::string letters(1 << 20, 'a');
  CHECK(status_of([&] { checked_container_ref(letters); }) == 400);
  CHECK(status_of([&] { checked_container_ref("a" + std::string(1 << 20, '-')); }) == 400);
  CHECK_FALSE(parse_engine_time(digits));
  CHECK_FALSE(parse_engine_time("1." + digits));
  CHECK(status_of([&] { parse_tail(request_with({{"tail", digits}}), 100); }) == 400);
  for (const char* key : {"after", "limit", "since", "container"})
    CHECK_MESSAGE(status_of([&] { parse_event_query(request_with({{key, digits}})); }) == 400, key);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
}

TEST_CASE("log lines keep stdout and stderr apart and whole") {
  // "out 1" arrives in two frames; stderr interleaves.
  auto lines = log_lines(log_frame(1, "out ") + log_frame(2, "err 1\n") +
                             log_frame(1, "1\nout 2\n") + log_frame(2, "no newline"),
                         false);
  CHECK(lines == nlohmann::json::parse(R"([
    {"stream":"stderr","text":"err 1"},
    {"stream":"stdout","text":"out 1"},
    {"stream":"stdout","text":"out 2"},
    {"stream":"stderr","text":"no newline"}])"));
  CHECK(log_lines("", false).empty());
  auto tty = log_lines("a\nb\n", true);
  CHECK(tty == nlohmann::json::parse(
                   R"([{"stream":"stdout","text":"a"},{"stream":"stdout","text":"b"}])"));
  CHECK(status_of([] { log_lines("plain text\n", false); }) == 502);
}

TEST_CASE("container summaries and details take what a UI shows, never the environment") {
  auto summary = container_summary(nlohmann::json::parse(R"({
    "Id":"abc","Names":["/web"],"Image":"local/debian:bookworm","ImageID":"sha256:1",
    "Command":"sh","Created":1700000000,"State":"running","Status":"Up 2 seconds",
    "Labels":{"app":"web"}})"));
  CHECK(summary["names"] == nlohmann::json{"web"});
  CHECK(summary["labels"]["app"] == "web");
  CHECK(summary["created"] == 1700000000);
  CHECK(container_summary({{"Id", "x"}, {"Labels", nullptr}})["labels"] ==
        nlohmann::json::object());
  auto detail = container_detail(nlohmann::json::parse(R"({
    "Id":"abc","Name":"/web","Path":"sh","Args":["-c","sleep 1"],"Image":"sha256:1",
    "Config":{"Image":"local/debian:bookworm","Env":["SECRET=x"],"Tty":false,"Labels":{"a":"b"}},
    "State":{"Status":"exited","Running":false,"ExitCode":3},"HostConfig":{"NetworkMode":"none"}})"));
  CHECK(detail["name"] == "web");
  CHECK(detail["command"] == nlohmann::json{"sh", "-c", "sleep 1"});
  CHECK(detail["state"]["exit_code"] == 3);
  CHECK(detail["network_mode"] == "none");
  CHECK(detail.dump().find("SECRET") == std::string::npos);
}
