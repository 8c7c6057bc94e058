// One plugin lifecycle (issue 15) through the real binary: honest answers for routes that are not
// served, a failed registration that leaves its database as it was, start hooks, and statuses read
// while fifty plugins start.
#include "berth_host.h"
#include "support/eventually.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <signal.h>

#include <atomic>
#include <set>
#include <thread>

using namespace berth::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

nlohmann::json status_of(const BerthHost& host, const std::string& name) {
  const nlohmann::json all = host.client().get("/_berth/plugins").json();
  for (const auto& p : all["plugins"])
    if (p["name"] == name) return p;
  return nullptr;
}

void stop(BerthHost& host) {
  host.process().signal(SIGTERM);
  REQUIRE(host.process().wait_exit(10s) == 0);
}

// What a plugin database holds, as SQLite reports it.
struct DatabaseState {
  std::set<std::string> tables;
  std::vector<int> migrations;
  std::vector<std::string> item_columns;
  std::vector<std::string> items;

  static DatabaseState of(const fs::path& file) {
    DatabaseState s;
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (tables.executeStep()) s.tables.insert(tables.getColumn(0).getString());
    if (s.tables.count("_berth_migrations")) {
      SQLite::Statement m(db, "SELECT version FROM _berth_migrations ORDER BY version");
      while (m.executeStep()) s.migrations.push_back(m.getColumn(0).getInt());
    }
    if (s.tables.count("items")) {
      SQLite::Statement columns(db, "SELECT name FROM pragma_table_info('items')");
      while (columns.executeStep()) s.item_columns.push_back(columns.getColumn(0).getString());
      SQLite::Statement rows(db, "SELECT name FROM items ORDER BY id");
      while (rows.executeStep()) s.items.push_back(rows.getColumn(0).getString());
    }
    return s;
  }
  bool operator==(const DatabaseState&) const = default;
};

std::string migrating(int migrations, const std::string& mount, const std::string& route,
                      bool write = false) {
  return "  - name: migrating\n    mount: " + mount +
         "\n    config:\n      migrations: " + std::to_string(migrations) +
         "\n      route: " + route + "\n      write: " + (write ? "true" : "false") + "\n";
}

bool restore_copies_left(const fs::path& data) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data / "plugins" / "backups", ec))
    if (e.path().filename().string().find("restore-point") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a plugin that is not running answers 503 naming it; a path nobody owns stays 404") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: good\n"
                                             "  - name: throws\n"
                                             "  - name: hello\n    enabled: false\n"});
  auto c = host.client();
  auto failed = c.get("/throws/registered-before-throw");
  CHECK(failed.status == 503);
  CHECK(failed.json()["message"] ==
        "plugin 'throws' is not running: plugin 'throws' failed to register: "
        "std::runtime_error: database unreachable");
  CHECK_FALSE(failed.header("Retry-After"));
  auto disabled = c.get("/hello/hello");
  CHECK(disabled.status == 503);
  CHECK(disabled.json()["message"] ==
        "plugin 'hello' is not running: it is disabled in the config");
  // Owned by a running plugin, or by nobody: the route does not exist.
  CHECK(c.get("/good/no-such-route").status == 404);
  CHECK(c.get("/nobody/here").status == 404);
  CHECK(c.get("/throwsnot").status == 404);  // a mount is a whole path segment
}

TEST_CASE("while the host starts, a request no route answers yet gets 503 with Retry-After") {
  BerthHost host(
      HostOptions{.plugins_yaml = "  - name: configurable\n    config:\n      register_ms: 1500\n",
                  .wait_ready = false});
  auto c = host.client();
  REQUIRE(wait_for_status(host.socket(), "/_berth/health", 200));
  REQUIRE(c.get("/_berth/ready").status == 503);
  auto plugin = c.get("/configurable/value");
  CHECK(plugin.status == 503);
  CHECK(plugin.header("Retry-After") == "1");
  CHECK(plugin.json()["message"] == "plugin 'configurable' is not running: it is starting");
  auto elsewhere = c.get("/elsewhere");
  CHECK(elsewhere.status == 503);
  CHECK(elsewhere.header("Retry-After") == "1");
  CHECK(elsewhere.json()["message"] == "berth is starting: retry shortly");

  REQUIRE(wait_for_status(host.socket(), "/_berth/ready", 200));
  CHECK(c.get("/configurable/value").json()["value"] == "v0");
  CHECK(c.get("/elsewhere").status == 404);
}

TEST_CASE("a registration that fails after migrating leaves the database as it was") {
  TempDir data("berth-data");
  const fs::path db = data / "plugins" / "migrating.db";
  {
    BerthHost first(HostOptions{.plugins_yaml = migrating(1, "/migrating", "/items"),
                                .data_dir = data.path().string()});
    CHECK(first.client().get("/migrating/items").json() == nlohmann::json{"seed"});
    stop(first);
  }
  const DatabaseState before = DatabaseState::of(db);
  REQUIRE(before.migrations == std::vector<int>{1});

  // Migrations 2 and 3 and a write succeed, then its route clashes with hello's GET /hello/hello.
  BerthHost second(
      HostOptions{.plugins_yaml = "  - name: hello\n" + migrating(3, "/hello", "/hello", true),
                  .data_dir = data.path().string()});
  auto status = status_of(second, "migrating");
  CHECK(status["status"] == "failed");
  CHECK(status["error"].get<std::string>().find("conflicts") != std::string::npos);
  CHECK_FALSE(second.log_lines("applied migration", 1).empty());  // it did migrate
  stop(second);
  CHECK(DatabaseState::of(db) == before);
  CHECK_FALSE(restore_copies_left(data.path()));
}

TEST_CASE("a first registration that fails leaves an empty database") {
  BerthHost host(
      HostOptions{.plugins_yaml = "  - name: hello\n" + migrating(2, "/hello", "/hello")});
  CHECK(status_of(host, "migrating")["status"] == "failed");
  stop(host);
  const DatabaseState after = DatabaseState::of(host.dir() / "data" / "plugins" / "migrating.db");
  CHECK(after.tables.empty());
}

TEST_CASE("a reload whose new instance fails after migrating leaves the database as it was") {
  BerthHost host(
      HostOptions{.plugins_yaml = "  - name: hello\n" + migrating(1, "/migrating", "/items")});
  auto c = host.client();
  const fs::path db = host.dir() / "data" / "plugins" / "migrating.db";
  const DatabaseState before = DatabaseState::of(db);
  HostOptions next{.plugins_yaml = "  - name: hello\n" + migrating(3, "/hello", "/hello", true)};
  write_file(host.dir() / "berth.yaml", host_config(host.dir(), next));
  host.process().signal(SIGHUP);
  REQUIRE(eventually([&] { return !host.log_lines("config reloaded with errors").empty(); }));
  CHECK(host.log().find("the new instance failed to register") != std::string::npos);
  // The running instance keeps serving, on the database as it was.
  CHECK(c.get("/migrating/items").json() == nlohmann::json{"seed"});
  CHECK(status_of(host, "migrating")["status"] == "running");
  CHECK(DatabaseState::of(db) == before);
  CHECK_FALSE(restore_copies_left(host.dir() / "data"));
}

TEST_CASE("start hooks run once the plugin serves, never for a registration that fails") {
  {
    BerthHost host(HostOptions{.plugins_yaml = "  - name: start_hook\n"});
    CHECK(host.client().get("/start_hook/started").json()["started"] == 1);
    CHECK(host.log_lines("start hook ran", 1).size() == 1);
  }
  BerthHost failing(
      HostOptions{.plugins_yaml = "  - name: start_hook\n    config:\n      fail: true\n"});
  CHECK(status_of(failing, "start_hook")["status"] == "failed");
  CHECK(failing.log_lines("start hook ran").empty());
}

TEST_CASE("statuses read while fifty plugins start are each whole") {
  std::string plugins;
  for (int i = 1; i <= 50; ++i) plugins += "  - name: many_" + std::to_string(i) + "\n";
  BerthHost host(HostOptions{.plugins_yaml = plugins, .wait_ready = false});
  REQUIRE(wait_for_status(host.socket(), "/_berth/health", 200));
  std::atomic<bool> done{false};
  std::atomic<int> answers{0};
  std::vector<std::string> problems;
  std::thread reader([&] {
    auto c = host.client();
    while (!done) {
      auto r = c.get("/_berth/plugins");
      if (r.status != 200) {
        problems.push_back("status " + std::to_string(r.status));
        continue;
      }
      const nlohmann::json all = r.json();
      for (const auto& p : all["plugins"]) {
        const std::string state = p["status"];
        if (state == "running" && (p["version"] != "1.0.0" || p["routes"].empty() ||
                                   p["path"] == "" || p["description"] != "one of many"))
          problems.push_back("running but incomplete: " + p.dump());
        else if (state != "running" && state != "starting")
          problems.push_back("unexpected: " + p.dump());
      }
      ++answers;
    }
  });
  REQUIRE(wait_for_status(host.socket(), "/_berth/ready", 200, 30s));
  done = true;
  reader.join();
  CHECK(problems.empty());
  CHECK(answers > 0);
  auto all = host.client().get("/_berth/plugins").json()["plugins"];
  CHECK(all.size() == 50);
  for (const auto& p : all) CHECK(p["status"] == "running");
}
