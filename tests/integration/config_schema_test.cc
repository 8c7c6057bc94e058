// Plugins' declared config schemas, checked by the real binary at start: a section that breaks its
// plugin's schema fails that plugin (or the host, when it is required) with the YAML line.
#include "berth_host.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace berth::test;

namespace {

// "<file>:<line>:<col>: " of the value of `key` on the first line of `file` that has it.
std::string mark_of(const std::filesystem::path& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto column = line.find(key + ": ");
    if (column == std::string::npos) continue;
    return file.string() + ":" + std::to_string(number) + ":" +
           std::to_string(column + key.size() + 3) + ": ";
  }
  FAIL("no line with " << key);
  return {};
}

const std::string kBadRunner =
    "  - name: hello\n    mount: /\n"
    "  - name: runner\n    config:\n      usage_interval: soon\n";

}  // namespace

TEST_CASE("a plugin whose config breaks its schema does not start; the others serve") {
  BerthHost host(HostOptions{.plugins_yaml = kBadRunner});
  auto c = host.client();
  CHECK(c.get("/hello").json()["message"] == "hello");
  CHECK(c.get("/runner/commands").status == 503);  // configured, not running
  std::string error;
  const auto plugins = c.get("/_berth/plugins").json()["plugins"];
  for (const auto& p : plugins)
    if (p["name"] == "runner") {
      CHECK(p["status"] == "failed");
      error = p["error"].get<std::string>();
    }
  CHECK(error == mark_of(host.dir() / "berth.yaml", "usage_interval") +
                     "plugins[1].config.usage_interval: expected \"integer\", got \"soon\"");
}

TEST_CASE("--check reports each schema violation with file, line and path") {
  TempDir dir;
  write_file(dir / "berth.yaml",
             host_config(dir, {.plugins_yaml = "  - name: notes\n    config:\n"
                                               "      max_title: 0\n      max_body: 10\n"}));
  auto r = run_command({berth_binary(), "--check", "--config", (dir / "berth.yaml").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find(mark_of(dir / "berth.yaml", "max_title") +
                      "plugins[0].config.max_title: Expected number greater than or equal to 1, "
                      "got 0") != std::string::npos);
  CHECK(r.output.find(mark_of(dir / "berth.yaml", "max_body") +
                      "plugins[0].config.max_body: unknown key 'max_body' (allowed: "
                      "max_body_bytes, max_title)") != std::string::npos);
}

TEST_CASE("a required plugin whose config breaks its schema stops the host from starting") {
  TempDir dir;
  write_file(dir / "berth.yaml",
             host_config(dir, {.plugins_yaml = "  - name: runner\n    required: true\n"
                                               "    config:\n      commands:\n"
                                               "        ls: {argv: []}\n"}));
  auto r = run_command({berth_binary(), "--config", (dir / "berth.yaml").string()});
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("plugins[0].config.commands.ls.argv: Array should contain no fewer than 1 "
                      "elements") != std::string::npos);
}
