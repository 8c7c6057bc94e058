#pragma once
// An in-process berth for a plugin's own tests (link berth::testhost). It loads the plugin through
// the host's real loader and checks (ABI, build signature), gives it real storage (SQLite files
// under data_dir) and the real task host, and sends requests through the real router, without
// sockets:
//
//   berth::testing::TestHost host({.plugin = GREETER_PLUGIN_PATH,
//                                  .config = {{"greeting", "hi"}}});
//   berth::Response r = host.call("GET", "/greeter/hello");
//   CHECK(r.status == 200);
//   nlohmann::json job = host.run_job("cleanup", {{"older_than_days", 1}});
//   CHECK(job["state"] == "succeeded");
//
// The plugin is mounted as the host would mount it: at `mount`, default "/<name>". The job routes
// the host adds (POST <mount>/jobs/<name>) are there too. Only SDK types appear here.
#include <berth/response.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth::testing {

struct TestHostOptions {
  std::filesystem::path plugin;                      // the plugin's .so
  nlohmann::json config = nlohmann::json::object();  // the plugin's own config section
  // Databases and state; empty: a fresh temporary folder, removed when the host is destroyed.
  std::filesystem::path data_dir;
  std::optional<std::string> mount;  // default "/<name>", as in berth.yaml
  std::string name;                  // the config entry's name; default: the plugin's own name
  int task_workers = 2;
  bool log = false;  // the host's JSON log (and the request log) on stdout
};

class TestHost {
 public:
  // Loads and registers the plugin. Throws std::runtime_error with the host's reason (the same
  // text `berth --check` prints) when it cannot.
  explicit TestHost(TestHostOptions options);
  // Stops jobs and tasks, runs the plugin's stop hooks, unloads it.
  ~TestHost();
  TestHost(const TestHost&) = delete;
  TestHost& operator=(const TestHost&) = delete;

  // One request through the router, as the socket would deliver it: `target` is path and query
  // ("/greeter/items?limit=2"), `method` "GET", "POST", ... Waits (up to 60 s) for long polls.
  Response call(std::string_view method, std::string_view target, std::string body = {},
                const std::map<std::string, std::string>& headers = {});
  // call() with a JSON body and Content-Type: application/json.
  Response call_json(std::string_view method, std::string_view target, const nlohmann::json& body);

  // Starts one of the plugin's jobs and waits for it to end; returns the job's final JSON
  // ({"id", "state": "succeeded"|"failed"|..., "result", "error", "log", ...}). Throws
  // std::runtime_error when it cannot start or does not finish within `timeout`.
  nlohmann::json run_job(std::string_view name,
                         const nlohmann::json& params = nlohmann::json::object(),
                         std::chrono::milliseconds timeout = std::chrono::seconds(30));

  const std::string& plugin_name() const noexcept;
  const std::filesystem::path& data_dir() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::testing
