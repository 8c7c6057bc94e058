#include "app/client_command.h"

#include "app/openapi_command.h"
#include "client/openapi_operations.h"
#include "client/ts_client.h"

#include <nlohmann/json.hpp>

#include <unistd.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace berth::app {
namespace {

nlohmann::json read_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto document = nlohmann::json::parse(text.str(), nullptr, false);
  if (document.is_discarded()) throw std::runtime_error(path + ": not valid JSON");
  return document;
}

// Written next to its final name, then renamed: a reader (a bundler watching ui/) never sees half
// a file.
void write_atomically(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path temp = path;
  temp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + temp.string());
  }
  std::filesystem::rename(temp, path);
}

}  // namespace

int generate_client(const ClientOptions& options, std::ostream& out, std::ostream& err) {
  if (options.lang != "ts") {
    err << "berth client: unknown --lang '" << options.lang << "' (only ts)\n";
    return 2;
  }
  if (options.config.empty() == options.openapi.empty()) {
    err << "berth client: give exactly one of --config F or --openapi FILE\n";
    return 2;
  }
  try {
    nlohmann::json document;
    std::string source;
    if (!options.openapi.empty()) {
      document = read_document(options.openapi);
      source = options.openapi;
    } else {
      // The same document `berth openapi --config F` prints; it has said why when there is none.
      auto built = openapi_for_config(options.config, options.overlay, err);
      if (!built) return 2;
      document = std::move(*built);
      source = "berth openapi --config " + options.config +
               (options.overlay.empty() ? "" : " --overlay " + options.overlay);
    }
    std::string text = client::generate_ts_client(document, source);
    std::filesystem::create_directories(options.out);
    std::filesystem::path file = options.out / "berth-client.ts";
    write_atomically(file, text);
    out << file.string() << "\n";
    return 0;
  } catch (const std::exception& e) {
    err << "berth client: " << e.what() << "\n";
    return 2;
  }
}

void add_client_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "client", "generate the typed frontend client (TypeScript) of berth's OpenAPI document");
  auto options = std::make_shared<ClientOptions>();
  command->add_option("--lang", options->lang, "the client's language (ts)")->default_val("ts");
  command->add_option("--out", options->out, "folder to write berth-client.ts in")->required();
  auto* config = command->add_option("--config", options->config,
                                     "berth.yaml: the document `berth openapi` prints for it");
  command->add_option("--overlay", options->overlay, "with --config: the user's overlay file");
  command->add_option("--openapi", options->openapi, "an OpenAPI 3.x JSON file")->excludes(config);
  command->callback(
      [options, &exit_code] { exit_code = generate_client(*options, std::cout, std::cerr); });
}

}  // namespace berth::app
