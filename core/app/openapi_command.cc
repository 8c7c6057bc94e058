#include "app/openapi_command.h"

#include "app/host.h"
#include "config/load.h"
#include "log/logger.h"

#include <iostream>
#include <memory>

namespace berth::app {

std::optional<nlohmann::json> openapi_for_config(const std::string& config_path,
                                                 const std::string& overlay_path,
                                                 std::ostream& err) {
  config::HostConfig config;
  try {
    config = config::load_files(config_path, overlay_path, config::process_environment());
  } catch (const config::ConfigError& e) {
    err << e.what() << "\n";
    return std::nullopt;
  }
  // Registration logs at info on stdout, where the document goes.
  log::init(LogLevel::error, config.log.json ? log::Format::json : log::Format::text);
  std::vector<std::string> errors;
  nlohmann::json document;
  try {
    document = openapi_without_serving(config, errors);
  } catch (const std::exception& e) {
    errors.push_back(e.what());
  }
  log::shutdown();
  if (!errors.empty()) {
    for (const std::string& e : errors) err << e << "\n";
    err << "berth openapi: no document (" << errors.size() << " plugin problem"
        << (errors.size() == 1 ? "" : "s") << ")\n";
    return std::nullopt;
  }
  return document;
}

void add_openapi_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "openapi",
      "print the OpenAPI 3.1 document of the config's routes (GET /_berth/openapi.json) "
      "without serving");
  struct Paths {
    std::string config;
    std::string overlay;
  };
  auto paths = std::make_shared<Paths>();
  if (const char* env = std::getenv("BERTH_CONFIG")) paths->config = env;
  if (const char* env = std::getenv("BERTH_CONFIG_OVERLAY")) paths->overlay = env;
  command->add_option("-c,--config", paths->config, "YAML config file (default $BERTH_CONFIG)");
  command->add_option("--overlay", paths->overlay,
                      "the user's YAML file merged over the config (default "
                      "$BERTH_CONFIG_OVERLAY)");
  command->callback([paths, &exit_code] {
    auto document = openapi_for_config(paths->config, paths->overlay, std::cerr);
    if (document) std::cout << document->dump(2) << "\n";
    exit_code = document ? 0 : 1;
  });
}

}  // namespace berth::app
