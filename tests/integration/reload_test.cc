// Live config reload through the real binary: the file changed in place, by rename, through a
// symlink swap, or SIGHUP; invalid files rejected; plugins reconfigured or reloaded under load.
#include "berth_host.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <future>
#include <set>
#include <thread>

using namespace berth::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

std::string hello_plugins(const std::string& greeting) {
  return "  - name: hello\n    mount: /\n    config:\n      greeting: " + greeting + "\n";
}

// A host whose config lives alone in etc/ (as /etc/berth in the extension's container), so that
// its log and data do not share the watched folder.
class ReloadHost {
 public:
  explicit ReloadHost(const std::string& plugins_yaml, std::vector<std::string> extra_args = {},
                      bool kubernetes_layout = false)
      : dir_("berth-reload"), etc_(dir_ / "etc"), config_(etc_ / "berth.yaml") {
    fs::create_directories(etc_);
    if (kubernetes_layout) {
      // What a ConfigMap volume looks like: berth.yaml -> ..data/berth.yaml, ..data -> ..v1.
      fs::create_directories(etc_ / "..v1");
      write_file(etc_ / "..v1" / "berth.yaml", yaml(plugins_yaml));
      fs::create_directory_symlink("..v1", etc_ / "..data");
      fs::create_symlink("..data/berth.yaml", config_);
    } else {
      write_file(config_, yaml(plugins_yaml));
    }
    std::vector<std::string> args = {"--config", config_.string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<BerthProcess>(args, dir_ / "berth.log");
    if (!wait_for_status(socket(), "/_berth/ready", 200))
      throw std::runtime_error("berth did not become ready; log:\n" + log());
  }

  std::string yaml(const std::string& plugins_yaml, const std::string& server_yaml = "") const {
    HostOptions options;
    options.plugins_yaml = plugins_yaml;
    options.server_yaml = server_yaml;
    options.tcp = false;
    return host_config(dir_, options);
  }
  std::string socket() const { return (dir_ / "backend.sock").string(); }
  const fs::path& config() const { return config_; }
  const fs::path& etc() const { return etc_; }
  fs::path path(const std::string& name) const { return dir_ / name; }
  BerthProcess& process() { return *process_; }
  HttpClient client() const { return HttpClient::unix_socket(socket()); }
  std::string log() const { return process_->log(); }

  // What a bind mount sees: the same inode truncated and written.
  void write_in_place(const std::string& content) const {
    std::ofstream out(config_, std::ios::trunc);
    out << content;
  }
  // What editors and most tools do: a new file renamed over the old one.
  void replace_by_rename(const std::string& content) const {
    write_file(etc_ / ".berth.yaml.tmp", content);
    fs::rename(etc_ / ".berth.yaml.tmp", config_);
  }
  // What the kubelet does: a new folder, then ..data swapped to it by rename.
  void swap_symlink(const std::string& version, const std::string& content) const {
    fs::create_directories(etc_ / version);
    write_file(etc_ / version / "berth.yaml", content);
    fs::create_directory_symlink(version, etc_ / "..data_tmp");
    fs::rename(etc_ / "..data_tmp", etc_ / "..data");
  }

  nlohmann::json config_status() const { return client().get("/_berth/config").json(); }
  // The status once `count` reloads happened (or the last one seen at the timeout).
  nlohmann::json wait_reloads(int count, std::chrono::milliseconds timeout = 10s) const {
    nlohmann::json status;
    wait_until(
        [&] {
          status = config_status();
          return status["reloads"].get<int>() >= count;
        },
        timeout);
    return status;
  }
  std::string greeting() const { return client().get("/hello").json().value("message", ""); }
  // Log lines (JSON objects) whose "msg" equals `msg`.
  std::vector<nlohmann::json> log_lines(const std::string& msg) const {
    return log_lines_of(log(), msg);
  }
  // The same once at least `count` are there, or what there is after a timeout.
  std::vector<nlohmann::json> log_lines(const std::string& msg, std::size_t count) const {
    return await_log_lines(*process_, msg, count);
  }

 private:
  TempDir dir_;
  fs::path etc_;
  fs::path config_;
  std::unique_ptr<BerthProcess> process_;
};

void check_hello_configured(const ReloadHost& host, int reloads) {
  // The outcome is recorded just after the change applied.
  auto status = host.wait_reloads(reloads);
  CHECK(status["reloads"] == reloads);
  CHECK(status["failures"] == 0);
  const auto& last = status["last_reload"];
  CHECK(last["ok"] == true);
  CHECK(last["rejected"] == false);
  REQUIRE(last["plugins"].size() == 1);
  CHECK(last["plugins"][0]["plugin"] == "hello");
  CHECK(last["plugins"][0]["action"] == "configured");
  // Configured in place: the instance registered once.
  CHECK(host.log_lines("plugin started", 1).size() == 1);
  CHECK(host.log_lines("plugin reloaded").empty());
}

}  // namespace

TEST_CASE("config edited in place: hello's greeting changes live, same process") {
  ReloadHost host(hello_plugins("hi"));
  const int pid = host.process().pid();
  REQUIRE(host.greeting() == "hi");
  host.write_in_place(host.yaml(hello_plugins("ahoy")));
  CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));
  CHECK(host.process().running());
  CHECK(host.process().pid() == pid);
  CHECK(host.client().get("/hello/ada").json()["message"] == "ahoy, ada");
  check_hello_configured(host, 1);
  CHECK(host.config_status()["last_reload"]["trigger"] == "file");
  CHECK(host.config_status()["watch"] == "inotify");
  auto changed = host.log_lines("greeting changed", 1);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0]["plugin"] == "hello");
}

TEST_CASE("config replaced by rename: the change applies") {
  ReloadHost host(hello_plugins("hi"));
  host.replace_by_rename(host.yaml(hello_plugins("ahoy")));
  CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));
  check_hello_configured(host, 1);
  // And again: the watch follows the new file, not the inode it started with.
  host.replace_by_rename(host.yaml(hello_plugins("moin")));
  CHECK(wait_until([&] { return host.greeting() == "moin"; }));
}

TEST_CASE("config behind a swapped symlink (Kubernetes-style mount): the change applies") {
  ReloadHost host(hello_plugins("hi"), {}, true);
  REQUIRE(host.greeting() == "hi");
  host.swap_symlink("..v2", host.yaml(hello_plugins("ahoy")));
  CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));
  fs::remove_all(host.etc() / "..v1");
  host.swap_symlink("..v3", host.yaml(hello_plugins("moin")));
  CHECK(wait_until([&] { return host.greeting() == "moin"; }));
  CHECK(host.wait_reloads(2)["reloads"] == 2);
}

TEST_CASE("a write that changes nothing does not reload") {
  ReloadHost host(hello_plugins("hi"));
  host.write_in_place(host.yaml(hello_plugins("hi")));
  std::this_thread::sleep_for(3000ms);  // past the quiet period (2 s) and the poll interval
  CHECK(host.config_status()["reloads"] == 0);
}

TEST_CASE("SIGHUP reloads; with --no-config-watch only SIGHUP does") {
  ReloadHost host(hello_plugins("hi"), {"--no-config-watch"});
  CHECK(host.config_status()["watch"] == "signal");
  host.write_in_place(host.yaml(hello_plugins("ahoy")));
  std::this_thread::sleep_for(2500ms);
  REQUIRE(host.greeting() == "hi");  // not watched: still the old one
  host.process().signal(SIGHUP);
  CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));
  auto status = host.wait_reloads(1);
  CHECK(status["last_reload"]["trigger"] == "signal");
  CHECK(status["last_reload"]["ok"] == true);
  CHECK(status["reloads"] == 1);
  // SIGHUP with nothing changed: a reload that changes nothing.
  host.process().signal(SIGHUP);
  status = host.wait_reloads(2);
  CHECK(status["reloads"] == 2);
  CHECK(status["last_reload"]["plugins"].empty());
  CHECK(status["last_reload"]["message"] == "no plugin changes");
  CHECK(host.process().running());
}

TEST_CASE("an invalid file is rejected: error logged, old config keeps serving, status says so") {
  ReloadHost host(hello_plugins("hi"));
  struct Bad {
    std::string content;
    std::string expected;  // in the loader's message
  };
  const std::vector<Bad> bad = {
      {"plugins: [\n  - name: hello\n", "invalid YAML"},
      {host.yaml(hello_plugins("ahoy"), "  bogus_key: 1\n"), "server.bogus_key"},
      {host.yaml(hello_plugins("${BERTH_RELOAD_TEST_UNSET}")), "BERTH_RELOAD_TEST_UNSET"},
      {host.yaml(hello_plugins("ahoy") + "  - name: no_such_plugin\n"), "no no_such_plugin.so"},
      {"\n", "the file is empty"},
      {std::string(2 * 1024 * 1024, '#'), "more than the limit of 1048576 bytes (1 MiB)"},
  };
  int reloads = 0;
  for (const auto& b : bad) {
    CAPTURE(b.expected);
    host.write_in_place(b.content);
    auto status = host.wait_reloads(++reloads);
    REQUIRE(status["reloads"] == reloads);
    CHECK(status["failures"] == reloads);
    const auto& last = status["last_reload"];
    CHECK(last["ok"] == false);
    CHECK(last["rejected"] == true);
    CHECK(last["message"].get<std::string>().find(b.expected) != std::string::npos);
    CHECK(host.greeting() == "hi");
  }
  auto rejected = host.log_lines("config reload rejected; the running config stays", bad.size());
  REQUIRE(rejected.size() == bad.size());
  CHECK(rejected[0]["level"] == "error");
  CHECK(rejected[0]["error"].get<std::string>().find(host.config().string()) != std::string::npos);
  CHECK(host.process().running());
  // Fixed: applied.
  host.write_in_place(host.yaml(hello_plugins("ahoy")));
  CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));
  CHECK(host.wait_reloads(reloads + 1)["last_reload"]["ok"] == true);
}

TEST_CASE("a changed server key is reported as needing a restart; the rest applies") {
  ReloadHost host(hello_plugins("hi"));
  host.write_in_place(
      host.yaml(hello_plugins("ahoy"), "  worker_threads: 3\n  idle_timeout: 5s\n"));
  CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));
  auto last = host.wait_reloads(1)["last_reload"];
  CHECK(last["ok"] == true);
  CHECK(last["restart_required"] ==
        nlohmann::json::array({"server.worker_threads", "server.idle_timeout"}));
  CHECK(last["message"].get<std::string>().find("restart to apply") != std::string::npos);
  auto warned = host.log_lines("config changes need a restart to apply", 1);
  REQUIRE(warned.size() == 1);
  CHECK(warned[0]["level"] == "warn");
  CHECK(warned[0]["keys"].size() == 2);
  CHECK(host.client().get("/_berth/health").status == 200);
}

TEST_CASE("on_config that refuses the new section keeps the old config") {
  auto section = [](const std::string& value) {
    return "  - name: configurable\n    config:\n      value: " + value + "\n";
  };
  ReloadHost host(section("one"));
  auto value = [&] { return host.client().get("/configurable/value").json().value("value", ""); };
  REQUIRE(value() == "one");
  host.write_in_place(host.yaml(section("refuse")));
  auto status = host.wait_reloads(1);
  const auto& last = status["last_reload"];
  CHECK(last["ok"] == false);
  CHECK(last["rejected"] == false);  // the file was fine; the plugin said no
  REQUIRE(last["plugins"].size() == 1);
  CHECK(last["plugins"][0]["action"] == "configured");
  CHECK(last["plugins"][0]["error"].get<std::string>().find("value 'refuse' is refused") !=
        std::string::npos);
  CHECK(status["failures"] == 1);
  CHECK(value() == "one");
  CHECK(host.log_lines("plugin refused its new config; it keeps the old one", 1).size() == 1);
  host.write_in_place(host.yaml(section("two")));
  host.wait_reloads(2);
  CHECK(value() == "two");
}

TEST_CASE("a section that breaks the plugin's config schema is rejected with its line") {
  ReloadHost host(hello_plugins("hi"));
  host.write_in_place(host.yaml(hello_plugins("[not, a, string]")));
  auto status = host.wait_reloads(1);
  const auto& last = status["last_reload"];
  CHECK(last["ok"] == false);
  CHECK(last["rejected"] == true);  // checked before any plugin sees it
  CHECK(last["message"].get<std::string>().find(
            "plugins[0].config.greeting: expected \"string\"") != std::string::npos);
  CHECK(host.greeting() == "hi");
}

namespace {

std::string reloadable(const std::string& value, const ReloadHost* host = nullptr,
                       const std::string& extra = "") {
  std::string yaml = "  - name: reloadable\n    config:\n      value: " + value + "\n";
  if (host) yaml += "      stop_log: " + host->path("stops.log").string() + "\n";
  return yaml + extra;
}

std::string reloadable_value(const ReloadHost& host) {
  auto r = host.client().get("/reloadable/value");
  return r.status == 200 ? r.json().value("value", "") : "status " + std::to_string(r.status);
}

}  // namespace

TEST_CASE("a plugin without on_config is reloaded under load: no request fails") {
  ReloadHost host(reloadable("v1"));
  const ReloadHost* self = &host;
  host.write_in_place(host.yaml(reloadable("v1", self)));  // now with its stop log
  REQUIRE(wait_until([&] { return host.config_status()["reloads"] == 1; }));
  REQUIRE(host.client().post_json("/reloadable/items", nlohmann::json::object()).status == 201);

  std::atomic<bool> stop{false};
  std::atomic<int> requests{0}, failures{0};
  std::vector<std::string> first_failure(4);
  std::vector<long> connections(4);
  std::vector<std::set<std::string>> seen(4);  // values each client was served
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      auto client = host.client();  // one keep-alive connection per thread
      while (!stop) {
        auto r = client.get(i % 2 ? "/reloadable/value" : "/reloadable/slow?ms=5");
        ++requests;
        if (r.status == 200) {
          seen[i].insert(r.json()["value"].get<std::string>());
        } else if (failures++ == 0) {
          first_failure[i] = std::to_string(r.status) + " " + r.body + r.error;
        }
      }
      connections[i] = client.connections_opened();
    });
  }
  for (int v = 2; v <= 6; ++v) {
    const std::string value = "v" + std::to_string(v);
    host.write_in_place(host.yaml(reloadable(value, self)));
    CHECK(wait_until([&] { return reloadable_value(host) == value; }));
  }
  std::this_thread::sleep_for(200ms);
  stop = true;
  for (auto& t : clients) t.join();
  host.wait_reloads(6);
  CHECK(failures.load() == 0);
  for (const auto& f : first_failure) CHECK(f.empty());
  CHECK(requests.load() > 200);
  for (long c : connections) CHECK(c == 1);  // the connections stayed open across the reloads
  for (const auto& values : seen) CHECK(values.size() >= 4);  // they ran across the swaps

  auto status = host.config_status();
  CHECK(status["failures"] == 0);
  CHECK(status["last_reload"]["plugins"][0]["action"] == "reloaded");
  CHECK(host.log_lines("plugin reloaded", 6).size() == 6);
  // Each replaced instance was stopped after the swap; the live one was not.
  auto stops = read_file(host.path("stops.log"));
  for (int v = 1; v <= 5; ++v)
    CHECK(stops.find("stop v" + std::to_string(v) + " ") != std::string::npos);
  CHECK(stops.find("stop v6") == std::string::npos);
  // The database was handed over: the row written by an earlier instance is there.
  REQUIRE(host.client().post_json("/reloadable/items", nlohmann::json::object()).status == 201);
  auto items = host.client().get("/reloadable/items").json()["values"];
  REQUIRE(items.size() == 2);
  CHECK(items[0]["value"] == "v1");
  CHECK(items[1]["value"] == "v6");
  // Its job route went with the new instance.
  auto started = host.client().post_json("/reloadable/jobs/echo", nlohmann::json::object());
  REQUIRE(started.status == 202);
  nlohmann::json job;
  CHECK(wait_until([&] {
    job = host.client().get("/_berth/jobs/" + started.json()["id"].get<std::string>()).json();
    return job["state"] == "succeeded";
  }));
  CHECK(job["result"]["value"] == "v6");
  auto plugins = host.client().get("/_berth/plugins").json()["plugins"];
  REQUIRE(plugins.size() == 1);
  CHECK(plugins[0]["status"] == "running");
  CHECK(plugins[0]["requests"].get<int>() >= requests.load());  // counters go on
}

TEST_CASE("a request in flight on the old instance finishes there; then it stops") {
  ReloadHost host(reloadable("v1"));
  const ReloadHost* self = &host;
  host.write_in_place(host.yaml(reloadable("v1", self)));
  REQUIRE(wait_until([&] { return host.config_status()["reloads"] == 1; }));
  const std::string instance_before = host.client().get("/reloadable/value").body;
  // Outlasts the reload, which waits 2 s for the file to settle.
  auto slow =
      std::async(std::launch::async, [&] { return host.client().get("/reloadable/slow?ms=5000"); });
  std::this_thread::sleep_for(300ms);
  host.write_in_place(host.yaml(reloadable("v2", self)));
  REQUIRE(wait_until([&] { return reloadable_value(host) == "v2"; }));
  // Swapped while the slow request still runs on the old instance, which is not stopped yet.
  CHECK(slow.wait_for(0ms) == std::future_status::timeout);
  CHECK(read_file(host.path("stops.log")).find("stop v1 ") == std::string::npos);
  auto r = slow.get();
  CHECK(r.status == 200);
  CHECK(r.json()["value"] == "v1");
  CHECK(wait_until(
      [&] { return read_file(host.path("stops.log")).find("stop v1 ") != std::string::npos; }));
  CHECK(instance_before != host.client().get("/reloadable/value").body);
}

TEST_CASE("a reload whose new registration fails keeps the old instance serving") {
  ReloadHost host(reloadable("v1"));
  const auto before = host.client().get("/reloadable/value").json();
  host.write_in_place(host.yaml(reloadable("v2", nullptr, "      fail: true\n")));
  auto status = host.wait_reloads(1);
  const auto& last = status["last_reload"];
  CHECK(last["ok"] == false);
  REQUIRE(last["plugins"].size() == 1);
  CHECK(last["plugins"][0]["action"] == "reloaded");
  CHECK(last["plugins"][0]["error"].get<std::string>().find("told to fail") != std::string::npos);
  CHECK(host.client().get("/reloadable/value").json() == before);
  CHECK(status["reloads"] == 1);
  auto plugins = host.client().get("/_berth/plugins").json()["plugins"];
  CHECK(plugins[0]["status"] == "running");
  CHECK(host.log_lines("plugin reload failed; the running instance keeps serving", 1).size() == 1);
  // Fixed: the next reload replaces it.
  host.write_in_place(host.yaml(reloadable("v3")));
  CHECK(wait_until([&] { return reloadable_value(host) == "v3"; }));
}

TEST_CASE("plugins added to or removed from the list start and stop live") {
  ReloadHost host(hello_plugins("hi"));
  REQUIRE(host.client().get("/reloadable/value").status == 404);
  host.write_in_place(host.yaml(hello_plugins("hi") + reloadable("v1")));
  CHECK(wait_until([&] { return reloadable_value(host) == "v1"; }));
  auto last = host.wait_reloads(1)["last_reload"];
  CHECK(last["ok"] == true);
  CHECK(last["plugins"] ==
        nlohmann::json::parse(
            R"([{"plugin":"reloadable","action":"started","ok":true,"error":null}])"));
  host.write_in_place(host.yaml(hello_plugins("hi")));
  CHECK(wait_until([&] { return host.client().get("/reloadable/value").status == 404; }));
  last = host.wait_reloads(2)["last_reload"];
  CHECK(last["plugins"][0]["action"] == "stopped");
  auto plugins = host.client().get("/_berth/plugins").json()["plugins"];
  REQUIRE(plugins.size() == 1);
  CHECK(plugins[0]["name"] == "hello");
  CHECK(host.greeting() == "hi");
}

TEST_CASE("a file written in place in two parts is applied only once settled: nothing stops") {
  // The first part alone is valid YAML that drops the jobs plugin: applying it would stop the
  // plugin (its routes 404) and interrupt its running job. The pause is shorter than the quiet
  // period (2 s after the last change).
  enum class Writer { one_descriptor, two_opens };
  for (const Writer writer : {Writer::one_descriptor, Writer::two_opens}) {
    CAPTURE(static_cast<int>(writer));
    const std::string jobs = "  - name: jobs\n";
    ReloadHost host(hello_plugins("hi") + jobs);
    auto c = host.client();
    auto started = c.post_json("/jobs/jobs/sleep", {{"ms", 5000}});
    REQUIRE(started.status == 202);
    const std::string id = started.json()["id"];

    std::atomic<bool> writing{true};
    std::atomic<int> missing{0}, polls{0};
    std::thread poller([&] {
      auto client = host.client();
      while (writing) {
        if (client.get("/jobs/ticks").status != 200) ++missing;
        ++polls;
        std::this_thread::sleep_for(20ms);
      }
    });
    const std::string next = host.yaml(hello_plugins("ahoy") + jobs);
    const std::size_t cut = next.rfind(jobs);
    REQUIRE(cut != std::string::npos);
    if (writer == Writer::one_descriptor) {
      std::ofstream out(host.config(), std::ios::trunc);
      out << next.substr(0, cut) << std::flush;
      std::this_thread::sleep_for(1000ms);
      out << next.substr(cut);
    } else {
      host.write_in_place(next.substr(0, cut));
      std::this_thread::sleep_for(1000ms);
      std::ofstream(host.config(), std::ios::app) << next.substr(cut);
    }
    CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));  // the final content applied
    writing = false;
    poller.join();
    CHECK(polls > 10);
    CHECK(missing == 0);
    const auto status = host.wait_reloads(1);
    CHECK(status["reloads"] == 1);
    CHECK(status["last_reload"]["ok"] == true);
    CHECK(host.log_lines("plugin stopped").empty());
    nlohmann::json job;
    CHECK(wait_until([&] {
      job = c.get("/_berth/jobs/" + id).json();
      return job["state"] != "running" && job["state"] != "queued";
    }));
    CHECK(job["state"] == "succeeded");
  }
}

TEST_CASE("a FIFO renamed over the config is rejected and never blocks the watcher") {
  ReloadHost host(hello_plugins("hi"));
  const fs::path fifo = host.etc() / ".berth.yaml.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  fs::rename(fifo, host.config());
  auto status = host.wait_reloads(1);
  REQUIRE(status["reloads"] == 1);
  CHECK(status["last_reload"]["rejected"] == true);
  CHECK(status["last_reload"]["message"].get<std::string>().find(
            "it is a FIFO, not a regular file") != std::string::npos);
  CHECK(host.greeting() == "hi");
  host.replace_by_rename(host.yaml(hello_plugins("ahoy")));  // the watcher still works
  CHECK(wait_until([&] { return host.greeting() == "ahoy"; }));
}

TEST_CASE("/_berth/openapi.json follows a reload: a plugin added, then one disabled") {
  ReloadHost host(hello_plugins("hi"));
  auto paths = [&] { return host.client().get("/_berth/openapi.json").json()["paths"]; };
  REQUIRE(paths().contains("/hello"));
  REQUIRE_FALSE(paths().contains("/contract/items/{id}"));
  host.replace_by_rename(host.yaml(hello_plugins("hi") + "  - name: contract\n"));
  CHECK(wait_until([&] { return paths().contains("/contract/items/{id}"); }));
  host.replace_by_rename(
      host.yaml(hello_plugins("hi") + "  - name: contract\n    enabled: false\n"));
  CHECK(wait_until([&] { return !paths().contains("/contract/items/{id}"); }));
  CHECK(paths().contains("/hello"));
}
