#include "app/inspect_command.h"

#include "plugins/build_signature.h"
#include "plugins/plugin_library.h"
#include "plugins/sdk_version.h"

#include <berth/plugin.h>

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace berth::app {
namespace {

// The top-level keys the plugin's config schema describes, for a glance; --check validates.
std::string config_keys(const std::string& schema_text) {
  if (schema_text.empty()) return "(no schema: any config is passed through)";
  auto schema = nlohmann::json::parse(schema_text, nullptr, false);
  if (schema.is_discarded() || !schema.is_object()) return "(invalid schema: not a JSON object)";
  std::string keys;
  const nlohmann::json properties = schema.value("properties", nlohmann::json::object());
  for (const auto& [key, _] : properties.items()) keys += (keys.empty() ? "" : ", ") + key;
  return keys.empty() ? "(none)" : keys;
}

}  // namespace

int inspect_plugin(const std::filesystem::path& path, std::ostream& out, std::ostream& err) {
  Expected<plugins::InspectResult> inspected = plugins::inspect_plugin_library(path);
  if (!inspected) {
    err << "berth inspect: " << inspected.error() << "\n";
    return 2;
  }
  const plugins::InspectResult& r = *inspected;
  auto or_none = [](const std::string& s) { return s.empty() ? std::string("(none)") : s; };
  out << "file:            " << path.string() << "\n";
  if (r.fields_readable) {
    out << "name:            " << or_none(r.name) << "\n";
    out << "version:         " << or_none(r.version) << "\n";
    out << "description:     " << or_none(r.description) << "\n";
  }
  out << "abi version:     " << r.abi_version << " (host: " << kAbiVersion << ")\n";
  if (r.fields_readable) {
    // Shown apart from the signature because it is compared by rule: an older minor loads.
    const plugins::SignatureFields fields = plugins::parse_signature(r.build_signature);
    auto sdk = fields.find("sdk");
    out << "sdk:             " << (sdk == fields.end() ? "(none)" : sdk->second)
        << " (host: " << plugins::host_sdk_version().text() << ")\n";
    out << "build signature: " << or_none(r.build_signature) << "\n";
    out << "host signature:  " << plugins::host_signature() << "\n";
    out << "depends:         " << or_none(r.depends) << "\n";
    out << "config keys:     " << config_keys(r.config_schema) << "\n";
  }
  if (r.loadable) {
    out << "loadable:        yes\n";
    return 0;
  }
  out << "loadable:        no\n";
  out << "reason:          " << r.loadable.error() << "\n";
  return 1;
}

void add_inspect_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "inspect",
      "show a plugin's name, version, ABI and build signature, and whether this host "
      "can load it (exit 0 yes, 1 no, 2 not a plugin)");
  auto path = std::make_shared<std::string>();
  command->add_option("plugin", *path, "the plugin's .so file")->required();
  command->callback(
      [path, &exit_code] { exit_code = inspect_plugin(*path, std::cout, std::cerr); });
}

}  // namespace berth::app
