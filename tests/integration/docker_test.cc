// The docker plugin and the SDK's engine client against a real Docker Engine (the `engine` ctest
// fixture, tests/engine): the real berth binary on a real socket, containers made with Debian's
// docker client from the locally imported base image, and an engine restart.
#include "berth_host.h"
#include "declared_schema.h"
#include "support/eventually.h"

#include <berth/docker/engine_client.h>
#include <berth/docker/event_cursor.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

const char* kImage = "local/debian:bookworm";
// PID 1 ignores SIGTERM unless it traps it; this one exits at once on stop.
const char* kQuickStop = "trap 'exit 0' TERM; echo out; echo err >&2; sleep 1000 & wait";

std::string env_or_fail(const char* name) {
  const char* v = std::getenv(name);
  REQUIRE_MESSAGE(v != nullptr, name, " is not set: run through ctest (berth_engine_test)");
  return v;
}

std::string engine_socket() {
  std::string host = env_or_fail("DOCKER_HOST");
  REQUIRE(host.rfind("unix://", 0) == 0);
  return host.substr(7);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Debian's docker client (the first `docker` on PATH may be another one).
std::string docker(std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/docker");
  auto r = run_command(args, 120s);
  std::string joined;
  for (const auto& a : args) joined += a + " ";
  REQUIRE_MESSAGE(r.exit_code == 0, joined, "-> ", r.output);
  return trim(r.output);
}

void engine_script(const std::string& action) {
  auto r = run_command(
      {"/bin/bash", env_or_fail("BERTH_ENGINE_SCRIPT"), action, env_or_fail("BERTH_ENGINE_DIR")},
      300s);
  REQUIRE_MESSAGE(r.exit_code == 0, "engine.sh ", action, ": ", r.output);
}

// A label unique to this run, so that other tests' containers never match.
std::string run_label() {
  static const std::string label = "berth.test=docker-" + std::to_string(::getpid());
  return label;
}

std::string run_name(const std::string& what) {
  return "berth-docker-" + std::to_string(::getpid()) + "-" + what;
}

std::string plugin_yaml(const std::string& extra = "") {
  return "  - name: docker\n    config:\n      socket: unix://" + engine_socket() +
         "\n      request_timeout: 20s\n" + extra;
}

// The engine is asked over HTTP: every 100 ms, for up to 30 s.
bool engine_eventually(const std::function<bool()>& done) {
  return berth::test::eventually(done, 30s, 100ms);
}

nlohmann::json wait_job(HttpClient& c, const std::string& id,
                        std::vector<nlohmann::json>* seen = nullptr) {
  auto job = c.get("/_berth/jobs/" + id).json();
  auto deadline = std::chrono::steady_clock::now() + 60s;
  for (;;) {
    if (seen) seen->push_back(job);
    std::string state = job["state"];
    if (state != "queued" && state != "running") return job;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    job = c.get("/_berth/jobs/" + id +
                "?wait=5&version=" + std::to_string(job["version"].get<long>()))
              .json();
  }
}

// The plugin's record for one container: its actions, oldest first.
std::vector<std::string> actions_of(HttpClient& c, const std::string& id) {
  std::vector<std::string> actions;
  const auto page = c.get("/docker/events?container=" + id).json();  // outlives the loop
  for (const auto& e : page["events"]) actions.push_back(e["action"].get<std::string>());
  return actions;
}

struct Cleanup {
  std::vector<std::string> containers, volumes;
  ~Cleanup() {
    for (const auto& c : containers) run_command({"/usr/bin/docker", "rm", "-f", c}, 60s);
    for (const auto& v : volumes) run_command({"/usr/bin/docker", "volume", "rm", "-f", v}, 60s);
  }
};

}  // namespace

TEST_CASE("engine client: negotiates the API, answers JSON, returns the engine's errors") {
  berth::docker::EngineClient engine({.socket = engine_socket()});
  CHECK(engine.api_version() >= berth::docker::kOldestApiVersion);
  CHECK(engine.api_version() <= berth::docker::kNewestApiVersion);
  engine.ping();
  auto info = engine.get("/info");
  CHECK(info["Images"].get<int>() >= 1);
  try {
    engine.get("/containers/berth-no-such-container/json");
    FAIL("no error");
  } catch (const berth::docker::EngineError& e) {
    CHECK(e.kind() == berth::docker::EngineError::Kind::engine);
    CHECK(e.status() == 404);
    CHECK(std::string(e.what()) == "No such container: berth-no-such-container");
  }
  // An idle /events stream ends promptly on the stop token, without an error.
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  auto t0 = std::chrono::steady_clock::now();
  int lines = 0;
  engine.stream_lines("/events?since=0&filters=" +
                          berth::docker::escape(R"({"type":["network"],"event":["none"]})"),
                      [&](std::string_view) { ++lines; }, {.stop = stop.get_token()});
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  CHECK(lines == 0);
  stopper.join();
}

TEST_CASE("containers: listed with their labels, inspected, logs with stdout and stderr apart") {
  Cleanup cleanup;
  BerthHost host(HostOptions{.plugins_yaml = plugin_yaml()});
  auto c = host.client();
  const std::string a = run_name("a"), b = run_name("b"), t = run_name("tty");
  cleanup.containers = {a, b, t};
  const std::string id_a =
      docker({"run", "-d", "--network", "none", "--name", a, "--label", run_label(), "--label",
              "role=a", kImage, "sh", "-c", kQuickStop});
  docker({"create", "--network", "none", "--name", b, "--label", run_label(), "--label", "role=b",
          kImage, "true"});

  auto running = c.get("/docker/containers?label=" + run_label());
  REQUIRE(running.status == 200);
  auto list = running.json()["containers"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == id_a);
  CHECK(list[0]["names"] == nlohmann::json{a});
  CHECK(list[0]["image"] == kImage);
  CHECK(list[0]["state"] == "running");
  CHECK(list[0]["labels"]["role"] == "a");
  CHECK(list[0]["created"].get<long>() > 1'600'000'000);

  auto all = c.get("/docker/containers?all=true&label=" + run_label()).json()["containers"];
  std::set<std::string> names;
  for (const auto& x : all) names.insert(x["names"][0]);
  CHECK(names == std::set<std::string>{a, b});
  auto only_b = c.get("/docker/containers?all=1&label=" + run_label() + "&label=role%3Db").json();
  REQUIRE(only_b["containers"].size() == 1);
  CHECK(only_b["containers"][0]["state"] == "created");

  auto detail = c.get("/docker/containers/" + a);
  REQUIRE(detail.status == 200);
  CHECK(detail.json()["id"] == id_a);
  CHECK(detail.json()["name"] == a);
  CHECK(detail.json()["state"]["running"] == true);
  CHECK(detail.json()["network_mode"] == "none");
  CHECK(detail.json()["labels"]["role"] == "a");

  nlohmann::json logs;
  REQUIRE(engine_eventually([&] {
    logs = c.get("/docker/containers/" + a + "/logs").json();
    return logs["lines"].size() >= 2;
  }));
  CHECK(logs["tty"] == false);
  std::set<std::pair<std::string, std::string>> lines;
  for (const auto& l : logs["lines"])
    lines.emplace(l["stream"].get<std::string>(), l["text"].get<std::string>());
  CHECK(lines ==
        std::set<std::pair<std::string, std::string>>{{"stdout", "out"}, {"stderr", "err"}});
  CHECK(c.get("/docker/containers/" + a + "/logs?tail=1").json()["lines"].size() == 1);
  CHECK(c.get("/docker/containers/" + a + "/logs?tail=0").json()["lines"].empty());

  // A TTY merges the streams and is not framed.
  docker({"run", "-d", "-t", "--network", "none", "--name", t, kImage, "sh", "-c",
          "echo on-a-tty; sleep 1000"});
  REQUIRE(engine_eventually(
      [&] { return !c.get("/docker/containers/" + t + "/logs").json()["lines"].empty(); }));
  auto tty = c.get("/docker/containers/" + t + "/logs").json();
  CHECK(tty["tty"] == true);
  CHECK(tty["lines"][0]["stream"] == "stdout");
  CHECK(tty["lines"][0]["text"] == "on-a-tty\r");  // a TTY ends lines with CR LF

  auto info = c.get("/docker/info");
  REQUIRE(info.status == 200);
  CHECK(info.json()["api_version"].get<std::string>() >= "1.41");
  CHECK(info.json()["containers"]["running"].get<int>() >= 2);
  CHECK(info.json()["images"].get<int>() >= 1);
}

TEST_CASE("bad ids and bad input: the engine's 404 and message, or a 400 before the engine") {
  BerthHost host(HostOptions{.plugins_yaml = plugin_yaml()});
  auto c = host.client();
  const std::string missing = run_name("missing");
  for (const std::string& target :
       {"/docker/containers/" + missing, "/docker/containers/" + missing + "/logs"}) {
    auto r = c.get(target);
    CHECK_MESSAGE(r.status == 404, target);
    CHECK(r.json()["message"] == "No such container: " + missing);
  }
  for (const char* action : {"restart", "stop"}) {
    auto r = c.post_json("/docker/containers/" + missing + "/" + action, nullptr);
    CHECK(r.status == 404);
    CHECK(r.json()["message"] == "No such container: " + missing);
  }
  CHECK(c.get("/docker/containers/-x").status == 400);
  CHECK(c.get("/docker/containers/..%2Fversion").status != 200);
  CHECK(c.get("/docker/containers?all=maybe").status == 400);
  CHECK(c.get("/docker/containers?label=%3Dx").status == 400);
  CHECK(c.get("/docker/containers/x/logs?tail=-1").status == 400);
  CHECK(c.get("/docker/events?since=yesterday").status == 400);
  CHECK(c.get("/docker/events?limit=0").status == 400);
  CHECK(c.get("/docker/volumes?refresh=please").status == 400);
  auto bad_body = c.request("POST", "/docker/containers/x/restart", "not json",
                            {"Content-Type: application/json"});
  CHECK(bad_body.status == 400);
  CHECK(c.post_json("/docker/containers/x/restart", {{"timeout", "soon"}}).status == 400);
  CHECK(c.post_json("/docker/containers/x/restart", {{"grace", 1}}).status == 400);
  // The host's generic job route runs the jobs' validator: bad params are a 400, nothing queued.
  const auto jobs_before = c.get("/_berth/jobs?plugin=docker").json()["jobs"].size();
  for (const nlohmann::json& params :
       {nlohmann::json{{"id", "../version"}}, nlohmann::json::object(),
        nlohmann::json{{"id", "x"}, {"grace", 1}}, nlohmann::json{{"id", "x"}, {"timeout", -1}}}) {
    for (const char* job : {"/docker/jobs/restart", "/docker/jobs/stop"}) {
      auto r = c.post_json(job, params);
      CHECK_MESSAGE(r.status == 400, job, " ", params.dump());
    }
  }
  CHECK(c.post_json("/docker/jobs/stop", {{"id", "../version"}}).json()["message"] ==
        "'../version' is not a container id or name");
  CHECK(c.get("/_berth/jobs?plugin=docker").json()["jobs"].size() == jobs_before);
}

TEST_CASE("restart and stop run as jobs whose progress is visible") {
  Cleanup cleanup;
  BerthHost host(HostOptions{.plugins_yaml = plugin_yaml()});
  auto c = host.client();
  const std::string name = run_name("restart");
  cleanup.containers = {name};
  // Ignores SIGTERM: a stop waits the whole grace period, so the job is seen in progress.
  const std::string id =
      docker({"run", "-d", "--network", "none", "--name", name, "--label", run_label(), kImage,
              "sh", "-c", "trap '' TERM; sleep 1000 & wait"});
  const std::string started_before = docker({"inspect", "-f", "{{.State.StartedAt}}", name});

  auto r = c.post_json("/docker/containers/" + name + "/restart", {{"timeout", 2}});
  REQUIRE(r.status == 202);
  const std::string job_id = r.json()["id"];
  CHECK(r.header("Location") == "/_berth/jobs/" + job_id);
  CHECK(r.json()["container"] == id);
  std::vector<nlohmann::json> seen;
  auto job = wait_job(c, job_id, &seen);
  CHECK(job["state"] == "succeeded");
  CHECK(job["progress"] == 100);
  CHECK(job["result"]["id"] == id);
  CHECK(job["result"]["state"]["running"] == true);
  bool saw_stopping = false;
  for (const auto& s : seen)
    if (s["state"] == "running" && s["progress"].get<double>() < 100 &&
        s["message"].get<std::string>().rfind("stopping " + name, 0) == 0)
      saw_stopping = true;
  CHECK_MESSAGE(saw_stopping, "progress seen: ", nlohmann::json(seen).dump());
  CHECK(docker({"inspect", "-f", "{{.State.StartedAt}}", name}) != started_before);
  CHECK(docker({"inspect", "-f", "{{.State.Running}}", name}) == "true");

  r = c.post_json("/docker/containers/" + id.substr(0, 12) + "/stop", {{"timeout", 0}});
  REQUIRE(r.status == 202);
  job = wait_job(c, r.json()["id"]);
  CHECK(job["state"] == "succeeded");
  CHECK(job["result"]["state"]["running"] == false);
  CHECK(job["message"] == name + " is exited");
  CHECK(c.get("/docker/containers/" + name).json()["state"]["status"] == "exited");
  // Stopping a stopped container is not an error (the engine answers 304).
  r = c.post_json("/docker/containers/" + name + "/stop", nullptr);
  REQUIRE(r.status == 202);
  job = wait_job(c, r.json()["id"]);
  CHECK(job["state"] == "succeeded");
  CHECK(job["log"].dump().find("was not running") != std::string::npos);
}

TEST_CASE("the event record holds create, start, die, destroy in order") {
  BerthHost host(HostOptions{.plugins_yaml = plugin_yaml()});
  auto c = host.client();
  REQUIRE(engine_eventually(
      [&] { return c.get("/docker/status").json()["events"]["following"] == true; }));
  const std::string name = run_name("events");
  const std::string id = docker({"create", "--network", "none", "--name", name, "--label",
                                 run_label(), kImage, "sh", "-c", "exit 3"});
  docker({"start", name});
  docker({"wait", name});  // prints the exit code once it died
  docker({"rm", name});
  REQUIRE_MESSAGE(engine_eventually([&] {
                    auto a = actions_of(c, id);
                    return !a.empty() && a.back() == "destroy";
                  }),
                  "record: ", c.get("/docker/events").body, "\nlog: ", host.log());
  CHECK(actions_of(c, id) == std::vector<std::string>{"create", "start", "die", "destroy"});
  auto events = c.get("/docker/events?container=" + name).json()["events"];
  REQUIRE(events.size() == 4);
  CHECK(events[2]["exit_code"] == 3);
  CHECK(events[0]["name"] == name);
  CHECK(events[0]["image"] == kImage);
  CHECK(events[0]["attributes"]["berth.test"] == run_label().substr(run_label().find('=') + 1));
  // A client's cursor: only what came after it.
  auto after = c.get("/docker/events?container=" + id +
                     "&after=" + std::to_string(events[1]["seq"].get<long>()))
                   .json();
  REQUIRE(after["events"].size() == 2);
  CHECK(after["events"][0]["action"] == "die");
  CHECK(after["last_seq"] == events[3]["seq"]);
  // `since` is engine time, inclusive (nine digits of nanoseconds).
  auto since = c.get("/docker/events?container=" + id + "&since=" +
                     berth::docker::engine_timestamp(events[2]["time_nano"].get<long long>()))
                   .json()["events"];
  REQUIRE(since.size() == 2);
  CHECK(since[0]["action"] == "die");
  CHECK(since[1]["action"] == "destroy");
}

TEST_CASE("the event record is bounded: the oldest rows are dropped") {
  BerthHost host(HostOptions{.plugins_yaml = plugin_yaml("      events_max_rows: 3\n")});
  auto c = host.client();
  REQUIRE(engine_eventually(
      [&] { return c.get("/docker/status").json()["events"]["following"] == true; }));
  const std::string name = run_name("bounded");
  const std::string id = docker({"create", "--network", "none", "--name", name, kImage, "true"});
  docker({"start", name});
  docker({"wait", name});
  docker({"rm", name});
  REQUIRE_MESSAGE(engine_eventually([&] {
                    auto a = actions_of(c, id);
                    return !a.empty() && a.back() == "destroy";
                  }),
                  "record: ", c.get("/docker/events").body, "\nlog: ", host.log());
  auto page = c.get("/docker/events?after=0").json();
  CHECK(page["events"].size() == 3);
  CHECK(actions_of(c, id) == std::vector<std::string>{"start", "die", "destroy"});
  CHECK(page["dropped"] == true);
}

TEST_CASE("volume sizes are measured by a job and served from the plugin's cache") {
  Cleanup cleanup;
  BerthHost host(HostOptions{.plugins_yaml = plugin_yaml()});
  auto c = host.client();
  const std::string volume = run_name("vol");
  cleanup.volumes = {volume};
  docker({"volume", "create", "--label", run_label(), volume});
  docker({"run", "--rm", "--network", "none", "-v", volume + ":/data", kImage, "sh", "-c",
          "head -c 1048576 /dev/zero > /data/one-mib"});

  auto first = c.get("/docker/volumes");
  REQUIRE(first.status == 200);
  auto find = [&](const nlohmann::json& page) {
    for (const auto& v : page["volumes"])
      if (v["name"] == volume) return v;
    return nlohmann::json();
  };
  CHECK(find(first.json())["labels"]["berth.test"].is_string());
  CHECK(first.json()["sizes"]["measured_at"].is_null());
  REQUIRE(first.json()["sizes"]["job"].is_string());  // nothing measured yet: started
  auto job = wait_job(c, first.json()["sizes"]["job"]);
  REQUIRE(job["state"] == "succeeded");
  CHECK(job["result"]["volumes"].get<int>() >= 1);

  auto page = c.get("/docker/volumes").json();
  CHECK(page["sizes"]["job"].is_null());
  CHECK(page["sizes"]["measured_at"].is_string());
  auto v = find(page);
  REQUIRE(v.is_object());
  CHECK(v["size_bytes"].get<long long>() >= 1048576);
  CHECK(v["size_bytes"].get<long long>() < 2 * 1048576);
  CHECK(v["ref_count"] == 0);
  auto refresh = c.get("/docker/volumes?refresh=true").json();
  REQUIRE(refresh["sizes"]["job"].is_string());
  CHECK(wait_job(c, refresh["sizes"]["job"])["state"] == "succeeded");
}

TEST_CASE(
    "engine restart: 503 meanwhile, then recovery; the event record has no gap or duplicate") {
  Cleanup cleanup;
  // The plugin reaches the engine through a symlink the test controls: with it removed, the
  // engine is back and events happen while the follower cannot reconnect, so it must fetch them
  // with `since` once the link is back (deterministic, whatever the machine's load).
  TempDir link_dir("docker-link");
  const auto link = link_dir / "engine.sock";
  std::filesystem::create_symlink(engine_socket(), link);
  BerthHost host(HostOptions{.plugins_yaml = "  - name: docker\n    config:\n      socket: " +
                                             link.string() + "\n      retry_interval: 500ms\n"});
  auto c = host.client();
  REQUIRE(engine_eventually(
      [&] { return c.get("/docker/status").json()["events"]["following"] == true; }));
  const std::string d = run_name("survivor"), e = run_name("while-away");
  cleanup.containers = {d, e};
  const std::string id_d = docker({"run", "-d", "--network", "none", "--name", d, "--label",
                                   run_label(), kImage, "sh", "-c", kQuickStop});
  REQUIRE(engine_eventually([&] { return actions_of(c, id_d).size() == 2; }));

  engine_script("stop");
  auto down = c.get("/docker/info");
  CHECK(down.status == 503);
  CHECK(down.json()["message"].get<std::string>().find("Docker Engine is not reachable at " +
                                                       link.string()) == 0);
  CHECK(down.header("Retry-After") == "1");
  CHECK(c.get("/docker/containers").status == 503);
  CHECK(c.get("/docker/containers/" + d + "/logs").status == 503);
  CHECK(c.post_json("/docker/containers/" + d + "/restart", nullptr).status == 503);
  CHECK(c.get("/docker/volumes").status == 503);
  CHECK(c.get("/docker/events").status == 200);  // the record stays readable
  REQUIRE(engine_eventually(
      [&] { return c.get("/docker/status").json()["engine"]["reachable"] == false; }));
  // The shutdown's own events (the engine kills d) reached the record before the stream ended.
  const auto before_restart = actions_of(c, id_d);
  CHECK(std::find(before_restart.begin(), before_restart.end(), "die") != before_restart.end());
  std::filesystem::remove(link);
  const long connects = c.get("/docker/status").json()["events"]["connects"];

  // Every event of the engine's previous life is older than this.
  const long long restarted = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  engine_script("start");
  docker({"start", d});
  docker({"run", "--network", "none", "--name", e, "--label", run_label(), kImage, "true"});
  docker({"rm", e});
  std::this_thread::sleep_for(1s);  // two retry intervals: the follower keeps failing
  CHECK(c.get("/docker/status").json()["events"]["connects"] == connects);
  CHECK(c.get("/docker/info").status == 503);
  CHECK(host.log_lines("Docker Engine unreachable; retrying in the background", 1).size() == 1);

  std::filesystem::create_symlink(engine_socket(), link);
  CHECK(c.get("/docker/info").status == 200);  // routes recover with the engine
  REQUIRE(engine_eventually(
      [&] { return c.get("/docker/status").json()["events"]["following"] == true; }));
  CHECK(c.get("/docker/status").json()["events"]["connects"] == connects + 1);
  std::string e_id;
  REQUIRE(engine_eventually([&] {
    const auto page = c.get("/docker/events?container=" + e).json();
    for (const auto& ev : page["events"])
      if (ev["action"] == "destroy") e_id = ev["id"];
    return !e_id.empty();
  }));

  // What the engine itself recorded since its restart, for our two containers...
  berth::docker::EngineClient engine({.socket = engine_socket()});
  std::vector<std::string> engine_keys;
  engine.stream_lines(
      "/events?since=" + berth::docker::engine_timestamp(restarted) + "&until=" +
          berth::docker::engine_timestamp(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count()) +
          "&filters=" + berth::docker::escape(R"({"type":["container"]})"),
      [&](std::string_view line) {
        auto ev = nlohmann::json::parse(line);
        const std::string id = ev["Actor"]["ID"];
        const std::string action = ev["Action"];
        static const std::set<std::string> kLifecycle = {"create",  "start",   "restart", "stop",
                                                         "kill",    "die",     "oom",     "pause",
                                                         "unpause", "destroy", "rename",  "update"};
        if ((id == id_d || id == e_id) && kLifecycle.count(action))
          engine_keys.push_back(std::to_string(ev["timeNano"].get<long long>()) + " " + id + " " +
                                action);
      },
      {.timeout = 10s});
  // ...is what the plugin recorded, in the same order: no gap.
  std::vector<std::string> ours;
  std::set<std::string> unique;
  auto all = c.get("/docker/events?limit=10000").json()["events"];
  for (const auto& ev : all) {
    const std::string key = std::to_string(ev["time_nano"].get<long long>()) + " " +
                            ev["id"].get<std::string>() + " " + ev["action"].get<std::string>();
    CHECK_MESSAGE(unique.insert(key).second, "duplicate: ", key);
    if ((ev["id"] == id_d || ev["id"] == e_id) && ev["time_nano"].get<long long>() >= restarted)
      ours.push_back(key);
  }
  CHECK(ours == engine_keys);
  CHECK(actions_of(c, e_id) == std::vector<std::string>{"create", "start", "die", "destroy"});
  // d's whole life: recorded before the stop, through the engine's shutdown, and after.
  auto life = actions_of(c, id_d);
  REQUIRE(life.size() >= 4);
  CHECK(life[0] == "create");
  CHECK(life[1] == "start");
  CHECK(std::find(life.begin(), life.end(), "die") != life.end());
  CHECK(life.back() == "start");
  CHECK(c.get("/docker/status").json()["engine"]["reachable"] == true);
  CHECK(host.log_lines("Docker Engine connected", 2).size() >= 2);
}

// The schemas docker_schemas.cc declares, against what a real engine makes the plugin answer:
// containers with mounts, labels and a TTY, their logs, a volume, the engine's info and events.
TEST_CASE("docker: real answers match the schemas the document declares for their status") {
  Cleanup cleanup;
  BerthHost host(HostOptions{.plugins_yaml = plugin_yaml()});
  auto c = host.client();
  const std::string name = run_name("contract"), volume = run_name("contract-vol");
  cleanup.containers = {name};
  cleanup.volumes = {volume};
  docker({"volume", "create", "--label", run_label(), volume});
  docker({"run", "-d", "-t", "--network", "none", "--name", name, "--label", run_label(), "-v",
          volume + ":/data", kImage, "sh", "-c", kQuickStop});
  const nlohmann::json document = c.get("/_berth/openapi.json").json();
  check_declared(document, "get", "/docker/info", c.get("/docker/info"));
  check_declared(document, "get", "/docker/status", c.get("/docker/status"));
  check_declared(document, "get", "/docker/containers",
                 c.get("/docker/containers?all=true&label=" + run_label()));
  check_declared(document, "get", "/docker/containers/{id}", c.get("/docker/containers/" + name));
  check_declared(document, "get", "/docker/containers/{id}",
                 c.get("/docker/containers/" + run_name("absent")));
  check_declared(document, "get", "/docker/containers/{id}/logs",
                 c.get("/docker/containers/" + name + "/logs?tail=all"));
  auto stop = c.post_json("/docker/containers/" + name + "/stop", {{"timeout", 1}});
  check_declared(document, "post", "/docker/containers/{id}/stop", stop);
  REQUIRE(stop.status == 202);
  // The job's result is checked by the host against its result_schema: a violation fails it.
  CHECK(wait_job(c, stop.json()["id"])["state"] == "succeeded");
  auto volumes = c.get("/docker/volumes?refresh=true");
  check_declared(document, "get", "/docker/volumes", volumes);
  if (volumes.status == 200 && volumes.json()["sizes"]["job"].is_string())
    CHECK(wait_job(c, volumes.json()["sizes"]["job"])["state"] == "succeeded");
  check_declared(document, "get", "/docker/volumes", c.get("/docker/volumes"));
  REQUIRE(engine_eventually([&] { return !actions_of(c, name).empty(); }));
  check_declared(document, "get", "/docker/events", c.get("/docker/events?container=" + name));
}
