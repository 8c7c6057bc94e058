// Input built to crash the host, through the real binary: JSON nested past any stack, numbers out
// of range, patterns and values that make a backtracking regex recurse, embedded NULs, and a job's
// child outliving a host killed with SIGKILL.
#include "berth_host.h"
#include "support/eventually.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <signal.h>

#include <fstream>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

const std::string kHostileHello = "  - name: hello\n    mount: /\n";
const std::string kHostileNotes = "  - name: notes\n";
const std::string kHostileJobs = "  - name: jobs\n    config: {tick_ms: 40}\n";

std::string hostile_runner_yaml(const std::string& extra_config = "") {
  return "  - name: runner\n"
         "    config:\n" +
         extra_config +
         "      commands:\n"
         "        disk-usage:\n"
         "          argv: [du, -sk, '{path}']\n"
         "          params: {path: '^/[A-Za-z0-9._/-]*$'}\n"
         "        nested:\n"
         "          argv: [echo, '{word}']\n"
         "          params: {word: '^(a|aa)+$'}\n"
         "        pid-then-sleep:\n"
         "          argv: [sh, -c, 'echo $$$$ > {pidfile}; exec sleep 60']\n"  // $$: a literal $
         "          params: {pidfile: '^/[A-Za-z0-9._/-]+$'}\n";
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

HttpResult post_raw(HttpClient& c, const std::string& target, const std::string& body) {
  return c.request("POST", target, body, {"Content-Type: application/json"});
}

std::string hostile_message(const HttpResult& r) {
  return r.json()["message"].get<std::string>();
}

// Gone, or a zombie waiting for its new parent to reap it.
bool gone_or_zombie(int pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

}  // namespace

TEST_CASE("JSON nested deeper than server.max_json_depth is a 400 on every route, not a crash") {
  BerthHost host(HostOptions{.plugins_yaml = kHostileHello + hostile_runner_yaml()});
  auto c = host.client();
  // 70,000 levels: copying, dumping or destroying it recursed until SIGSEGV.
  const std::string deep = nested_arrays(70000);
  for (const std::string& body : {deep, R"({"command":"disk-usage","args":{"path":)" + deep + "}}",
                                  R"({"command":"disk-usage","args":)" + deep + "}"}) {
    for (const char* target : {"/hello/echo", "/runner/run", "/runner/jobs/run"}) {
      CAPTURE(target);
      auto r = post_raw(c, target, body);
      REQUIRE(r.status == 400);
      CHECK(hostile_message(r) ==
            "JSON body nests deeper than the limit of 64 levels (server.max_json_depth)");
      CHECK(r.json()["max_json_depth"] == 64);
    }
  }
  // At the limit it is served; brackets inside strings are not nesting.
  auto at_limit = post_raw(c, "/hello/echo", nested_arrays(64));
  CHECK(at_limit.status == 200);
  CHECK(at_limit.json() == nlohmann::json::parse(nested_arrays(64)));
  CHECK(post_raw(c, "/hello/echo", nested_arrays(65)).status == 400);
  const std::string text = R"({"s":")" + std::string(1000, '[') + R"(\"{"})";
  CHECK(post_raw(c, "/hello/echo", text).status == 200);
  CHECK(c.get("/hello").status == 200);
}

TEST_CASE("server.max_json_depth is configurable up to 1000, and 1000 levels are served") {
  BerthHost host(
      HostOptions{.plugins_yaml = kHostileHello, .server_yaml = "  max_json_depth: 1000\n"});
  auto c = host.client();
  auto r = post_raw(c, "/hello/echo", nested_arrays(1000));
  CHECK(r.status == 200);
  CHECK(r.body == nested_arrays(1000));
  CHECK(hostile_message(post_raw(c, "/hello/echo", nested_arrays(1001))) ==
        "JSON body nests deeper than the limit of 1000 levels (server.max_json_depth)");
}

TEST_CASE("BERTH_MAX_JSON_DEPTH overrides the limit") {
  TempDir dir;
  write_file(dir / "berth.yaml", host_config(dir, {.plugins_yaml = kHostileHello}));
  BerthProcess process({"--config", (dir / "berth.yaml").string()}, dir / "berth.log",
                       {"BERTH_MAX_JSON_DEPTH=2"});
  const std::string socket = (dir / "backend.sock").string();
  REQUIRE(wait_for_status(socket, "/_berth/ready", 200));
  auto c = HttpClient::unix_socket(socket);
  CHECK(post_raw(c, "/hello/echo", nested_arrays(2)).status == 200);
  CHECK(hostile_message(post_raw(c, "/hello/echo", nested_arrays(3))) ==
        "JSON body nests deeper than the limit of 2 levels (server.max_json_depth)");
}

TEST_CASE("a number out of a double's range is a 400 naming the problem, not a 500") {
  BerthHost host(HostOptions{.plugins_yaml = kHostileHello + kHostileNotes});
  auto c = host.client();
  auto echo = post_raw(c, "/hello/echo", "[1e999]");
  CHECK(echo.status == 400);
  CHECK(hostile_message(echo).find("invalid JSON body: a number is out of range") == 0);
  CHECK(hostile_message(echo).find("1e999") != std::string::npos);
  auto note = post_raw(c, "/notes", R"({"title":"x","n":1e400})");
  CHECK(note.status == 400);
  CHECK(hostile_message(note).find("a number is out of range") != std::string::npos);
  CHECK(host.log_lines("handler threw").empty());
}

TEST_CASE("job params stored too deep by an older berth read back as null, not a crash") {
  TempDir dir;
  const std::string data = (dir / "data").string();
  std::string id;
  {
    BerthHost host(HostOptions{.plugins_yaml = kHostileJobs, .data_dir = data});
    auto c = host.client();
    auto r = c.post_json("/jobs/jobs/sleep", {{"ms", 1}});
    REQUIRE(r.status == 202);
    id = r.json()["id"];
    REQUIRE(eventually([&] { return c.get("/_berth/jobs/" + id).json()["state"] == "succeeded"; }));
    host.process().signal(SIGTERM);
    REQUIRE(host.process().wait_exit(10s) == 0);
  }
  {
    SQLite::Database db(data + "/berth.db", SQLite::OPEN_READWRITE);
    SQLite::Statement update(db, "UPDATE jobs SET params = ? WHERE id = ?");
    update.bind(1, nested_arrays(70000));
    update.bind(2, id);
    REQUIRE(update.exec() == 1);
  }
  BerthHost host(HostOptions{.plugins_yaml = kHostileJobs, .data_dir = data});
  auto c = host.client();
  auto job = c.get("/_berth/jobs/" + id);
  REQUIRE(job.status == 200);
  CHECK(job.json()["params"].is_null());
  CHECK(job.json()["state"] == "succeeded");
  CHECK(c.get("/_berth/jobs").status == 200);
}

TEST_CASE("runner: a long value is a 400 naming max_arg_bytes; patterns match in linear time") {
  BerthHost host(HostOptions{.plugins_yaml = hostile_runner_yaml()});
  auto c = host.client();
  // ~30,000 characters made std::regex_match recurse per character until SIGSEGV.
  auto long_path =
      c.post_json("/runner/run",
                  {{"command", "disk-usage"}, {"args", {{"path", "/" + std::string(30000, 'a')}}}});
  CHECK(long_path.status == 400);
  // The params schema bounds each value at max_arg_bytes code points; the runner counts bytes.
  CHECK(hostile_message(long_path).starts_with("args.path: "));
  CHECK(long_path.json()["errors"][0]["path"] == "/args/path");
  std::string wide = "/";
  for (int i = 0; i < 2100; ++i) wide += "\u00e9";  // 4201 bytes, 2101 code points
  auto long_bytes =
      c.post_json("/runner/run", {{"command", "disk-usage"}, {"args", {{"path", wide}}}});
  CHECK(long_bytes.status == 400);
  CHECK(hostile_message(long_bytes) ==
        "args.path: 4201 bytes is longer than the limit of 4096 (max_arg_bytes)");
  // A backtracking engine takes exponential time on this pattern and value; RE2 answers at once.
  auto backtrack = c.post_json(
      "/runner/run", {{"command", "nested"}, {"args", {{"word", std::string(4000, 'a') + "b"}}}});
  CHECK(backtrack.status == 400);
  CHECK(hostile_message(backtrack).find("does not match ^(a|aa)+$") != std::string::npos);
  CHECK(c.post_json("/runner/run", {{"command", "nested"}, {"args", {{"word", "aaa"}}}}).status ==
        202);
  CHECK(c.get("/runner/commands").status == 200);
}

TEST_CASE("runner: max_arg_bytes comes from the plugin's config") {
  BerthHost host(HostOptions{.plugins_yaml = hostile_runner_yaml("      max_arg_bytes: 40000\n")});
  auto c = host.client();
  auto r = c.post_json("/runner/run", {{"command", "disk-usage"},
                                       {"args", {{"path", "/" + std::string(30000, 'a')}}}});
  CHECK(r.status == 202);
  CHECK(c.get("/_berth/ready").status == 200);
}

TEST_CASE("runner: messages quoting a client's string keep it whole, NULs included") {
  BerthHost host(HostOptions{.plugins_yaml = hostile_runner_yaml()});
  auto c = host.client();
  // The allow-list is the params schema's enum: the host refuses the name, quoting it as JSON, so
  // what follows the NUL is there too.
  for (const char* target : {"/runner/run", "/runner/jobs/run"}) {
    CAPTURE(target);
    auto r = post_raw(c, target, R"({"command":"a\u0000b"})");
    CHECK(r.status == 400);
    CHECK(hostile_message(r).starts_with("command: "));
    CHECK(hostile_message(r).find(R"("a\u0000b")") != std::string::npos);
  }
  auto arg = post_raw(c, "/runner/run", R"({"command":"nested","args":{"word":"aa\u0000a"}})");
  CHECK(arg.status == 400);
  CHECK(hostile_message(arg) == "args.word: a process argument cannot hold a NUL");
}

TEST_CASE("runner: a job's process dies with a host killed by SIGKILL") {
  TempDir dir;
  BerthHost host(HostOptions{.plugins_yaml = hostile_runner_yaml()});
  auto c = host.client();
  const auto pidfile = (dir / "child.pid").string();
  auto r =
      c.post_json("/runner/run", {{"command", "pid-then-sleep"}, {"args", {{"pidfile", pidfile}}}});
  REQUIRE(r.status == 202);
  REQUIRE(eventually(
      [&] {
        return std::filesystem::exists(pidfile) &&
               read_file(pidfile).find('\n') != std::string::npos;
      },
      10s));
  const int child = std::stoi(read_file(pidfile));
  REQUIRE(::kill(child, 0) == 0);
  host.process().signal(SIGKILL);
  REQUIRE(host.process().wait_exit(10s));
  CHECK(eventually([&] { return gone_or_zombie(child); }, 5s));
}
