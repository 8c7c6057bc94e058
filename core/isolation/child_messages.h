#pragma once
// The JSON bodies of the lifecycle frames (start, opened, registered): what a plugin child is
// asked to run and what it reports of the library and its registration. Requests and responses,
// which are many and binary, have their own codec (request_codec.h).
#include "base/expected.h"
#include "config/host_config.h"
#include "contract/route_contract.h"

#include <berth/method.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::isolation {

// Host -> child: the plugin to open and how to run it.
struct ChildStart {
  std::string name;
  std::string path;  // the library
  std::optional<std::string> mount;
  nlohmann::json config = nlohmann::json::object();
  // Where the section was written, so that the child's schema check names the YAML lines as the
  // host's would.
  std::string config_path;
  config::ConfigMarks config_marks;
  std::string data_dir;  // the child opens <data_dir>/plugins/<name>.db, as the host would
  std::string log_level;
  int worker_threads = 16;  // handlers the child runs at once
};

// Child -> host: the descriptor of the library it opened and checked.
struct OpenedPlugin {
  std::uint32_t abi_version = 0;
  std::uint32_t struct_size = 0;
  std::string name, version, description, build_signature, depends;
  std::optional<std::string> config_schema;
};

struct ChildRoute {
  Method method = Method::get;
  std::string path;  // relative to the mount, as the plugin wrote it
  contract::RouteContract contract;
};

// Child -> host: what the register function registered, or why it failed.
struct ChildRegistration {
  std::string error;  // empty when it registered
  std::vector<ChildRoute> routes;
  bool config_handler = false;
  // Phase 1 serves routes only: what else the plugin registered that the child does not run.
  std::vector<std::string> unsupported;
};

nlohmann::json to_json(const ChildStart& start);
Expected<ChildStart> child_start_from(const nlohmann::json& j);
nlohmann::json to_json(const OpenedPlugin& opened);
Expected<OpenedPlugin> opened_plugin_from(const nlohmann::json& j);
nlohmann::json to_json(const ChildRegistration& registration);
Expected<ChildRegistration> child_registration_from(const nlohmann::json& j);

// A frame body as JSON, or why it is not.
Expected<nlohmann::json> parse_body(std::string_view body);
// JSON as a frame body; text that is not UTF-8 is replaced rather than refused.
std::string dump_body(const nlohmann::json& j);

// The route lists of two registrations are the same (a restarted child must register what the
// host's table already routes to it).
bool same_routes(const std::vector<ChildRoute>& a, const std::vector<ChildRoute>& b);

}  // namespace berth::isolation
