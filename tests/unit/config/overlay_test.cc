// The overlay merge rules, through load_strings: the shipped file and the user's overlay.
#include "config/load.h"
#include "support/temp_dir.h"
#include "test_env.h"

#include <doctest/doctest.h>

namespace berth::config {
namespace {

using test::fake_env;

constexpr const char* kShipped = R"(server:
  io_threads: 2
  backlog: 128
  tcp: 127.0.0.1:8080
log: {level: info, format: json}
plugin_dirs: [/usr/lib/berth/plugins]
plugins:
  - name: hello
    mount: /
    config: {greeting: hello, count: 1, tags: [a, b]}
  - name: notes
  - name: runner
    config:
      commands:
        du: {argv: [du, -sk]}
)";

HostConfig merged(const std::string& overlay, std::map<std::string, std::string> vars = {}) {
  return load_strings(kShipped, "shipped.yaml", overlay, "user.yaml", fake_env(std::move(vars)));
}

std::string overlay_problem(const std::string& overlay, const std::string& shipped = kShipped) {
  try {
    load_strings(shipped, "shipped.yaml", overlay, "user.yaml", fake_env());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const PluginEntry& plugin(const HostConfig& c, const std::string& name) {
  for (const PluginEntry& p : c.plugins)
    if (p.name == name) return p;
  FAIL("no plugin " << name);
  throw;
}

TEST_CASE("an empty or comment-only overlay changes nothing") {
  for (const char* overlay : {"", "# nothing yet\n", "~\n", "---\n", "plugins:\nserver:\nlog:\n"}) {
    CAPTURE(overlay);
    const HostConfig c = merged(overlay);
    CHECK(c.source == "shipped.yaml");
    CHECK(c.overlay == "user.yaml");
    CHECK(c.server.io_threads == 2);
    CHECK(c.server.tcp.has_value());
    REQUIRE(c.plugins.size() == 3);
    CHECK(c.plugins[0].config["greeting"] == "hello");
  }
}

TEST_CASE("maps merge key by key") {
  const HostConfig c = merged("server:\n  io_threads: 4\nlog: {level: debug}\n");
  CHECK(c.server.io_threads == 4);
  CHECK(c.server.backlog == 128);  // shipped, kept
  CHECK(c.log.level == LogLevel::debug);
  CHECK(c.log.json);
}

TEST_CASE("a scalar replaces, null over a scalar too; other lists replace") {
  const HostConfig c = merged("server: {tcp: null}\nplugin_dirs: [/opt/mine]\n");
  CHECK_FALSE(c.server.tcp.has_value());
  CHECK(c.plugin_dirs == std::vector<std::string>{"/opt/mine"});
  CHECK(plugin(merged("plugins:\n  - name: hello\n    config: {tags: [c]}\n"), "hello")
            .config["tags"] == nlohmann::json{"c"});
}

TEST_CASE("plugins merge by name: a shipped plugin changes only the keys the overlay sets") {
  const HostConfig c = merged(
      "plugins:\n"
      "  - name: hello\n"
      "    config: {greeting: hi}\n"
      "  - name: runner\n"
      "    config:\n"
      "      commands:\n"
      "        ls: {argv: [ls]}\n");
  REQUIRE(c.plugins.size() == 3);
  const PluginEntry& hello = c.plugins[0];
  CHECK(hello.name == "hello");
  CHECK(hello.mount == std::optional<std::string>("/"));
  CHECK(hello.config == nlohmann::json{{"greeting", "hi"}, {"count", 1}, {"tags", {"a", "b"}}});
  CHECK(c.plugins[1].name == "notes");
  const nlohmann::json& commands = c.plugins[2].config["commands"];
  CHECK(commands.contains("du"));
  CHECK(commands.contains("ls"));
}

TEST_CASE("enabled: false turns a shipped plugin off; a new name is appended") {
  const HostConfig c = merged(
      "plugins:\n"
      "  - name: extra\n"
      "    path: /opt/extra.so\n"
      "  - name: notes\n"
      "    enabled: false\n");
  REQUIRE(c.plugins.size() == 4);
  CHECK(c.plugins[1].name == "notes");
  CHECK_FALSE(c.plugins[1].enabled);
  CHECK(c.plugins[3].name == "extra");
  CHECK(c.plugins[3].path == "/opt/extra.so");
  CHECK(c.plugins[3].mark.file == "user.yaml");
  CHECK(c.plugins[3].mark.line == 2);
}

TEST_CASE("a problem in the overlay names the overlay's file, line and column") {
  CHECK(overlay_problem("server:\n  io_threads: many\n") ==
        "user.yaml:2:15: server.io_threads: expected an integer from 1 to 64, got 'many'");
  CHECK(overlay_problem("plugins:\n  - name: hello\n    mount: nope\n") ==
        "user.yaml:3:12: plugins[0].mount: must start with '/', got 'nope'");
  CHECK(overlay_problem("plugins:\n  - name: hello\n    enable: false\n")
            .starts_with("user.yaml:3:5: plugins[0].enable: unknown key"));
  CHECK(overlay_problem("plugins:\n  - mount: /x\n") ==
        "user.yaml:2:5: plugins[3]: missing required key 'name'");
  CHECK(overlay_problem("server:\n  io_threads: [1\n") ==
        "user.yaml:3:1: invalid YAML: end of sequence flow not found");
  CHECK(overlay_problem("- a\n") ==
        "user.yaml:1:1: the top level of the overlay must be a map, "
        "got a list");
  CHECK(overlay_problem("plugins:\n  - name: notes\n  - name: notes\n") ==
        "user.yaml:3:5: plugins: plugin 'notes' appears twice in the overlay; first at line 2");
  CHECK(overlay_problem("server:\n  backlog: 1\n  backlog: 2\n") ==
        "user.yaml:3:3: server.backlog: duplicate key; first defined at line 2");
}

TEST_CASE("problems in both files are all listed, each with its own file") {
  CHECK(overlay_problem("log: {level: loud}\n", "server: {backlog: 0}\n") ==
        "shipped.yaml:1:19: server.backlog: expected an integer from 1 to 65535, got '0'\n"
        "user.yaml:1:14: log.level: expected debug, info, warn or error, got 'loud'");
}

TEST_CASE("${VAR} is expanded in the overlay too") {
  const HostConfig c =
      merged("plugins:\n  - name: hello\n    config: {greeting: '${G}'}\n", {{"G", "hey"}});
  CHECK(plugin(c, "hello").config["greeting"] == "hey");
  // What /_berth/config shows keeps the reference: the value may be a secret.
  CHECK(c.document["plugins"][0]["config"]["greeting"] == "${G}");
}

TEST_CASE("the merged document records where each value was written") {
  const HostConfig c = merged("plugins:\n  - name: hello\n    config: {greeting: hi}\n");
  CHECK(c.document["plugins"][0]["config"]["greeting"] == "hi");
  CHECK(c.document["plugins"][0]["mount"] == "/");
  const Mark& greeting = c.origins.at("/plugins/0/config/greeting");
  CHECK(greeting.file == "user.yaml");
  CHECK(greeting.line == 3);
  CHECK(greeting.column == 24);
  const Mark& mount = c.origins.at("/plugins/0/mount");
  CHECK(mount.file == "shipped.yaml");
  CHECK(mount.line == 9);
  CHECK(c.origins.at("/server/backlog").file == "shipped.yaml");
}

TEST_CASE("a plugin's config section keeps the overlay's marks for schema errors") {
  const HostConfig c = merged("plugins:\n  - name: hello\n    config: {count: x}\n");
  const Mark& count = plugin(c, "hello").config_marks.at("/count");
  CHECK(count.file == "user.yaml");
  CHECK(count.line == 3);
  CHECK(plugin(c, "hello").config_marks.at("/greeting").file == "shipped.yaml");
}

TEST_CASE("relative paths are taken against the folder of the file that wrote them") {
  const berth::test::TempDir dir;
  std::filesystem::create_directories(dir / "etc");
  std::filesystem::create_directories(dir / "var");
  berth::test::write_file(dir / "etc" / "berth.yaml", "plugins:\n  - {name: a, path: a.so}\n");
  berth::test::write_file(dir / "var" / "user.yaml", "plugins:\n  - {name: b, path: b.so}\n");
  const HostConfig c = load_files((dir / "etc" / "berth.yaml").string(),
                                  (dir / "var" / "user.yaml").string(), fake_env());
  REQUIRE(c.plugins.size() == 2);
  CHECK(c.plugins[0].path == (dir / "etc" / "a.so").string());
  CHECK(c.plugins[1].path == (dir / "var" / "b.so").string());
}

TEST_CASE("a missing overlay file is an empty overlay; an unreadable one is a problem") {
  const berth::test::TempDir dir;
  berth::test::write_file(dir / "berth.yaml", "server: {backlog: 7}\n");
  const HostConfig c =
      load_files((dir / "berth.yaml").string(), (dir / "none.yaml").string(), fake_env());
  CHECK(c.server.backlog == 7);
  CHECK(c.overlay == (dir / "none.yaml").string());
  try {
    load_files((dir / "berth.yaml").string(), dir.path().string(), fake_env());
    FAIL("expected ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) ==
          dir.path().string() + ": cannot read config file: it is a directory, not a regular file");
  }
}

TEST_CASE("a self-referencing alias in both files stops the merge with a problem") {
  CHECK(overlay_problem("a: &a {b: *a}\n", "a: &a {b: *a}\n").find("nested deeper than") !=
        std::string::npos);
}

}  // namespace
}  // namespace berth::config
