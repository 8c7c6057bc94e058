// The plugin loader against real shared libraries built by tests/fixtures.
#include "plugins/plugin_manager.h"
#include "log/logger.h"
#include "support/berth_process.h"
#include "support/temp_dir.h"

#include <berth/version.h>

#include <doctest/doctest.h>

using namespace berth;
using namespace berth::plugins;
using berth::test::build_path;

namespace {

config::PluginEntry entry(const std::string& name, const std::string& file = "") {
  config::PluginEntry e;
  e.name = name;
  e.path = file.empty() ? "" : build_path("fixtures/" + file).string();
  return e;
}

config::HostConfig host(std::vector<config::PluginEntry> entries) {
  config::HostConfig c;
  c.plugin_dirs = {build_path("fixtures").string(), build_path("plugins").string()};
  c.plugins = std::move(entries);
  return c;
}

PluginStatus status_of(const std::vector<PluginStatus>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.name == name) return s;
  FAIL("no status for " << name);
  throw;
}

bool has_route(routing::RouteTable& t, Method m, const std::string& path) {
  std::map<std::string, std::string, std::less<>> params;
  return t.match(m, path, params).kind == routing::Match::Kind::found;
}

struct Quiet {
  Quiet() { log::init(LogLevel::error, log::Format::json); }
};
Quiet quiet;

}  // namespace

TEST_CASE("a good plugin registers its routes under its mount") {
  routing::RouteTable table;
  PluginManager manager(table);
  CHECK(manager.start(host({entry("good")})).empty());
  auto s = status_of(manager.statuses(), "good");
  CHECK(s.state == PluginState::running);
  CHECK(s.version == "2.3.4");
  CHECK(s.mount == "/good");
  CHECK(has_route(table, Method::get, "/good/ping"));
  CHECK(std::find(s.routes.begin(), s.routes.end(), "GET /good/items/:id") != s.routes.end());
  manager.stop_all();
  CHECK_FALSE(has_route(table, Method::get, "/good/ping"));
  CHECK(status_of(manager.statuses(), "good").state == PluginState::stopped);
}

TEST_CASE("a mount from config moves the routes") {
  routing::RouteTable table;
  PluginManager manager(table);
  auto e = entry("good");
  e.mount = "/";
  CHECK(manager.start(host({e})).empty());
  CHECK(has_route(table, Method::get, "/ping"));
}

TEST_CASE("a wrong ABI version is refused naming file, got and expected") {
  routing::RouteTable table;
  PluginManager manager(table);
  manager.start(host({entry("wrong_abi")}));
  auto s = status_of(manager.statuses(), "wrong_abi");
  CHECK(s.state == PluginState::failed);
  CHECK(s.error ==
        build_path("fixtures/wrong_abi.so").string() + ": plugin ABI version 999, host expects " +
            std::to_string(BERTH_ABI_VERSION) + " (rebuild the plugin against this berth SDK)");
}

TEST_CASE("a wrong build signature is refused naming each differing field") {
  routing::RouteTable table;
  PluginManager manager(table);
  manager.start(host({entry("wrong_signature")}));
  auto s = status_of(manager.statuses(), "wrong_signature");
  CHECK(s.state == PluginState::failed);
  CHECK(s.error.find("wrong_signature.so: incompatible build: compiler: got clang-99, expected "
                     "gcc-") != std::string::npos);
  CHECK(s.error.find("cxxabi: got 1002, expected") != std::string::npos);
}

TEST_CASE("a library without the entry symbol is not a plugin") {
  routing::RouteTable table;
  PluginManager manager(table);
  manager.start(host({entry("no_entry")}));
  CHECK(status_of(manager.statuses(), "no_entry").error ==
        build_path("fixtures/no_entry.so").string() +
            ": not a berth plugin: no 'berth_plugin_entry' symbol (write the entry with "
            "BERTH_PLUGIN)");
}

TEST_CASE("a register function that throws leaves nothing registered and its stop hooks run") {
  berth::test::TempDir dir;
  routing::RouteTable table;
  PluginManager manager(table);
  auto e = entry("throws");
  e.config = {{"stop_marker", (dir / "stopped").string()}};
  manager.start(host({e}));
  auto s = status_of(manager.statuses(), "throws");
  CHECK(s.state == PluginState::failed);
  CHECK(s.error == "plugin 'throws' failed to register: std::runtime_error: database unreachable");
  CHECK(table.routes().empty());
  CHECK(std::filesystem::exists(dir / "stopped"));
}

TEST_CASE("a malformed route fails the whole registration") {
  routing::RouteTable table;
  PluginManager manager(table);
  manager.start(host({entry("bad_route")}));
  CHECK(status_of(manager.statuses(), "bad_route").error ==
        "plugin 'bad_route' failed to register: route path 'no-leading-slash' must start with '/'");
  CHECK_FALSE(has_route(table, Method::get, "/bad_route/fine"));
}

TEST_CASE("a conflicting plugin fails naming both, and the first keeps its route") {
  routing::RouteTable table;
  PluginManager manager(table);
  auto hello = entry("hello");
  hello.mount = "/";
  auto conflict = entry("conflict");
  conflict.mount = "/";
  manager.start(host({hello, conflict}));
  CHECK(status_of(manager.statuses(), "hello").state == PluginState::running);
  auto s = status_of(manager.statuses(), "conflict");
  CHECK(s.state == PluginState::failed);
  CHECK(s.error ==
        "plugin 'conflict' failed to register: route GET /hello of plugin 'conflict' "
        "conflicts with GET /hello of plugin 'hello'");
  CHECK_FALSE(has_route(table, Method::get, "/other"));
  CHECK(has_route(table, Method::get, "/hello"));
}

TEST_CASE("plugins start in dependency order and stop in reverse") {
  berth::test::TempDir dir;
  auto stop_log = (dir / "stops").string();
  routing::RouteTable table;
  {
    PluginManager manager(table);
    auto dependent = entry("dependent");
    dependent.config = {{"stop_log", stop_log}};
    auto good = entry("good");
    good.config = {{"stop_log", stop_log}};
    CHECK(manager.start(host({dependent, good})).empty());
    CHECK(status_of(manager.statuses(), "dependent").state == PluginState::running);
    manager.stop_all();
  }
  CHECK(berth::test::read_file(stop_log) == "dependent\ngood\n");
}

TEST_CASE("a plugin whose dependency is disabled or missing fails") {
  routing::RouteTable table;
  PluginManager manager(table);
  auto good = entry("good");
  good.enabled = false;
  manager.start(host({entry("dependent"), good}));
  CHECK(status_of(manager.statuses(), "good").state == PluginState::disabled);
  CHECK(status_of(manager.statuses(), "dependent").error ==
        "plugin 'dependent' depends on plugin 'good', which is disabled");

  routing::RouteTable other;
  PluginManager alone(other);
  alone.start(host({entry("dependent")}));
  CHECK(status_of(alone.statuses(), "dependent").error ==
        "plugin 'dependent' depends on plugin 'good', which is not configured");
}

TEST_CASE("a required plugin that fails is fatal; an optional one is not") {
  routing::RouteTable table;
  PluginManager manager(table);
  auto required = entry("throws");
  required.required = true;
  auto fatal = manager.start(host({entry("good"), required}));
  REQUIRE(fatal.size() == 1);
  CHECK(fatal[0] ==
        "required plugin 'throws': plugin 'throws' failed to register: std::runtime_error: "
        "database unreachable");
}

TEST_CASE("missing files and name mismatches are clear") {
  routing::RouteTable table;
  PluginManager manager(table);
  auto missing = entry("nowhere");
  auto renamed = entry("other", "good.so");
  manager.start(host({missing, renamed}));
  CHECK(status_of(manager.statuses(), "nowhere").error ==
        "plugin 'nowhere': no nowhere.so in the plugin folders (searched " +
            build_path("fixtures/nowhere.so").string() + ", " +
            build_path("plugins/nowhere.so").string() + ")");
  CHECK(status_of(manager.statuses(), "other").error ==
        build_path("fixtures/good.so").string() +
            ": holds plugin 'good', but the config entry is 'other'");
}

TEST_CASE("start and reload refuse the same dependency cycle the same way") {
  auto cyclic = host({entry("cycle_a"), entry("cycle_b"), entry("good")});
  const std::string expected = "dependency cycle among plugins: cycle_a, cycle_b";

  routing::RouteTable started_table;
  PluginManager started(started_table);
  CHECK(started.start(cyclic).empty());

  routing::RouteTable reloaded_table;
  PluginManager reloaded(reloaded_table);
  CHECK(reloaded.start(host({})).empty());
  auto changes = reloaded.reload(cyclic, std::chrono::milliseconds(100));

  for (PluginManager* manager : {&started, &reloaded}) {
    CHECK(status_of(manager->statuses(), "cycle_a").error == expected);
    CHECK(status_of(manager->statuses(), "cycle_b").error == expected);
    CHECK(status_of(manager->statuses(), "good").state == PluginState::running);
  }
  int refused = 0;
  for (const auto& c : changes)
    if (c.action == "started" && c.error == expected) ++refused;
  CHECK(refused == 2);
  CHECK_FALSE(has_route(started_table, Method::get, "/cycle_a"));
  CHECK_FALSE(has_route(reloaded_table, Method::get, "/cycle_a"));
}

TEST_CASE("a reload starts what was added in dependency order") {
  routing::RouteTable table;
  PluginManager manager(table);
  CHECK(manager.start(host({})).empty());
  auto changes =
      manager.reload(host({entry("dependent"), entry("good")}), std::chrono::milliseconds(100));
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].plugin == "good");
  CHECK(changes[1].plugin == "dependent");
  CHECK(status_of(manager.statuses(), "dependent").state == PluginState::running);
}

TEST_CASE("the owner of a path is the configured plugin with the longest mount prefix") {
  routing::RouteTable table;
  PluginManager manager(table);
  auto good = entry("good");
  good.mount = "/api";
  auto hello = entry("hello");
  hello.mount = "/api/hello";
  manager.start(host({good, hello}));
  CHECK(manager.owner_of("/api/hello/x")->name == "hello");
  CHECK(manager.owner_of("/api/hello")->name == "hello");
  CHECK(manager.owner_of("/api/hellox")->name == "good");
  CHECK(manager.owner_of("/api")->name == "good");
  CHECK_FALSE(manager.owner_of("/apis"));
  CHECK_FALSE(manager.owner_of("/"));
}
