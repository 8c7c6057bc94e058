// The user's overlay merged over the shipped config, through the real binary: what it changes,
// how its errors are named, live edits of either file, and what /_berth/config shows.
#include "berth_host.h"

#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <thread>

using namespace berth::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

bool wait_until_true(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

constexpr const char* kShippedPlugins =
    "  - name: hello\n"
    "    mount: /\n"
    "    config:\n"
    "      greeting: hello\n"
    "  - name: notes\n";

// The extension's layout: the shipped config alone in etc/ (the image's /etc/berth), the overlay
// in a folder of the data volume.
class OverlayHost {
 public:
  explicit OverlayHost(const std::optional<std::string>& overlay_yaml,
                       const std::string& shipped_plugins = kShippedPlugins,
                       std::vector<std::string> env = {})
      : dir_("berth-overlay"),
        shipped_(dir_ / "etc" / "berth.yaml"),
        overlay_(dir_ / "data" / "config" / "berth.overlay.yaml") {
    fs::create_directories(shipped_.parent_path());
    write_shipped(shipped_plugins);
    if (overlay_yaml) write_overlay(*overlay_yaml);
    process_ = std::make_unique<BerthProcess>(
        std::vector<std::string>{"--config", shipped_.string(), "--overlay", overlay_.string()},
        dir_ / "berth.log", std::move(env));
    if (!wait_for_status(socket(), "/_berth/ready", 200))
      throw std::runtime_error("berth did not become ready; log:\n" + process_->log());
  }

  void write_shipped(const std::string& plugins) const {
    HostOptions options;
    options.plugins_yaml = plugins;
    options.tcp = false;
    options.data_dir = (dir_ / "data").string();
    std::ofstream(shipped_, std::ios::trunc) << host_config(dir_, options);
  }
  void write_overlay(const std::string& yaml) const {
    fs::create_directories(overlay_.parent_path());
    std::ofstream(overlay_, std::ios::trunc) << yaml;
  }

  std::string socket() const { return (dir_ / "backend.sock").string(); }
  const fs::path& shipped() const { return shipped_; }
  const fs::path& overlay() const { return overlay_; }
  HttpClient client() const { return HttpClient::unix_socket(socket()); }
  std::string log() const { return process_->log(); }
  std::string greeting() const { return client().get("/hello").json().value("message", ""); }
  nlohmann::json config_status() const { return client().get("/_berth/config").json(); }
  nlohmann::json wait_reloads(int count) const {
    nlohmann::json status;
    wait_until_true([&] {
      status = config_status();
      return status["reloads"].get<int>() >= count;
    });
    return status;
  }

 private:
  TempDir dir_;
  fs::path shipped_;
  fs::path overlay_;
  std::unique_ptr<BerthProcess> process_;
};

constexpr const char* kUserEdits =
    "plugins:\n"
    "  - name: hello\n"
    "    config: {greeting: hi}\n"
    "  - name: notes\n"
    "    enabled: false\n"
    "  - name: reloadable\n"
    "    config: {value: mine}\n";

std::string reloadable_value(const OverlayHost& host) {
  auto r = host.client().get("/reloadable/value");
  return r.status == 200 ? r.json().value("value", "") : "status " + std::to_string(r.status);
}

}  // namespace

TEST_CASE("the overlay changes a shipped plugin's key, turns one off and adds one") {
  OverlayHost host(kUserEdits);
  CHECK(host.greeting() == "hi");
  CHECK(host.client().get("/notes").status == 503);  // turned off
  CHECK(reloadable_value(host) == "mine");
  auto plugins = host.client().get("/_berth/plugins").json()["plugins"];
  CHECK(plugins.size() == 3);
}

TEST_CASE("/_berth/config shows both files, the merged config and where each value came from") {
  OverlayHost host(kUserEdits);
  const nlohmann::json status = host.config_status();
  CHECK(status["source"] == host.shipped().string());
  CHECK(status["overlay"] == host.overlay().string());
  CHECK(status["files"] ==
        nlohmann::json::parse(R"([{"path":")" + host.shipped().string() +
                              R"(","role":"shipped"},{"path":")" + host.overlay().string() +
                              R"(","role":"overlay","exists":true}])"));
  const nlohmann::json& effective = status["effective"];
  CHECK(effective["plugins"][0]["config"]["greeting"] == "hi");
  CHECK(effective["plugins"][0]["mount"] == "/");
  CHECK(effective["plugins"][1]["enabled"] == false);
  CHECK(effective["plugins"][2]["name"] == "reloadable");
  const nlohmann::json& origins = status["origins"];
  CHECK(origins["/plugins/0/config/greeting"] == host.overlay().string() + ":3:24");
  CHECK(origins["/plugins/1/enabled"] == host.overlay().string() + ":5:14");
  CHECK(origins["/plugins/0/mount"].get<std::string>().starts_with(host.shipped().string() + ":"));
  CHECK(origins["/server/socket"].get<std::string>().starts_with(host.shipped().string() + ":"));
}

TEST_CASE("/_berth/config shows a ${VAR} as written, never the value it expands to") {
  OverlayHost host("plugins:\n  - name: hello\n    config: {greeting: '${TEST_SECRET_GREETING}'}\n",
                   kShippedPlugins, {"TEST_SECRET_GREETING=s3cret-value"});
  CHECK(host.greeting() == "s3cret-value");  // the plugin gets the value
  const auto response = host.client().get("/_berth/config");
  CHECK(response.json()["effective"]["plugins"][0]["config"]["greeting"] ==
        "${TEST_SECRET_GREETING}");
  CHECK(response.body.find("s3cret-value") == std::string::npos);
}

TEST_CASE("an error in the overlay names the overlay's file, line and column") {
  const TempDir dir("berth-overlay-check");
  HostOptions options;
  options.plugins_yaml = kShippedPlugins;
  options.tcp = false;
  write_file(dir / "berth.yaml", host_config(dir, options));
  const std::string shipped = (dir / "berth.yaml").string();
  const std::string overlay = (dir / "user.yaml").string();

  write_file(overlay, "plugins:\n  - name: hello\n    mount: nope\n");
  CommandResult r =
      run_command({berth_binary(), "--check", "--config", shipped, "--overlay", overlay});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(overlay + ":3:12: plugins[0].mount: ") != std::string::npos);

  // A plugin's config schema, checked after the merge, still points into the overlay.
  write_file(overlay, "plugins:\n  - name: hello\n    config:\n      greeting: [a, b]\n");
  r = run_command({berth_binary(), "--check", "--config", shipped}, 30s,
                  {"BERTH_CONFIG_OVERLAY=" + overlay});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find(overlay + ":4:17: plugins[0].config.greeting: expected \"string\"") !=
        std::string::npos);

  write_file(overlay, "plugins:\n  - name: notes\n    enabled: false\n");
  r = run_command({berth_binary(), "--check", "--config", shipped, "--overlay", overlay});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find(shipped + " + " + overlay + ": OK (2 plugins)") != std::string::npos);
}

TEST_CASE("a missing overlay is created with a guide; editing it applies live") {
  OverlayHost host(std::nullopt);
  CHECK(host.greeting() == "hello");
  std::string guide;
  REQUIRE(wait_until_true([&] {
    std::ifstream in(host.overlay());
    guide.assign(std::istreambuf_iterator<char>(in), {});
    return !guide.empty();
  }));
  CHECK(guide.starts_with("# Your changes to berth's configuration."));
  CHECK(guide.find(host.shipped().string()) != std::string::npos);

  host.write_overlay(guide + "plugins:\n  - name: hello\n    config: {greeting: hi}\n");
  auto status = host.wait_reloads(1);
  CHECK(status["last_reload"]["ok"] == true);
  CHECK(host.greeting() == "hi");
  CHECK(status["origins"]["/plugins/0/config/greeting"].get<std::string>().starts_with(
      host.overlay().string() + ":"));

  // An invalid overlay is rejected, named by its line; the running config stays.
  host.write_overlay("plugins:\n  - name: hello\n    config: {greeting: hey}\n  - name: 7up!\n");
  status = host.wait_reloads(2);
  CHECK(status["last_reload"]["rejected"] == true);
  CHECK(status["last_reload"]["message"].get<std::string>().find(
            host.overlay().string() + ":4:11: plugins[2].name") != std::string::npos);
  CHECK(host.greeting() == "hi");
}

TEST_CASE("a new shipped config applies under the user's edits (what an update does)") {
  OverlayHost host(kUserEdits, kShippedPlugins);
  CHECK(host.client().get("/_berth/plugins").json()["plugins"].size() == 3);
  // The new release ships one more plugin and a new default greeting.
  host.write_shipped(
      "  - name: hello\n    mount: /\n    config:\n      greeting: welcome\n"
      "  - name: notes\n"
      "  - name: configurable\n");
  auto status = host.wait_reloads(1);
  CHECK(status["last_reload"]["ok"] == true);
  CHECK(wait_until_true([&] { return host.client().get("/configurable/value").status == 200; }));
  CHECK(host.greeting() == "hi");                    // the edit holds
  CHECK(host.client().get("/notes").status == 503);  // turned off  // still off
  CHECK(reloadable_value(host) == "mine");           // still added
}
