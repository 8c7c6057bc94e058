#pragma once
// `berth client --lang ts --out DIR [--config F | --openapi FILE]`: writes DIR/berth-client.ts,
// the typed frontend client of the routes an OpenAPI document (a file, or the one berth builds
// from a config) describes.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace berth::app {

struct ClientOptions {
  std::string lang = "ts";
  std::filesystem::path out;
  std::string config;   // a berth.yaml: the document `berth openapi --config` prints
  std::string overlay;  // with config: the user's overlay
  std::string openapi;  // an OpenAPI 3.x JSON file
};

// 0 written (the path goes to `out`), 2 a usage error or an unusable document (on `err`).
int generate_client(const ClientOptions& options, std::ostream& out, std::ostream& err);

void add_client_command(CLI::App& cli, std::optional<int>& exit_code);

}  // namespace berth::app
