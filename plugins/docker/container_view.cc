#include "container_view.h"

#include <berth/docker/engine_client.h>
#include <berth/http_error.h>

#include <algorithm>
#include <cctype>

namespace docker_plugin {
namespace {

std::string strip_slash(std::string name) {
  if (!name.empty() && name[0] == '/') name.erase(0, 1);
  return name;
}

nlohmann::json object_or_empty(const nlohmann::json& parent, const char* key) {
  auto it = parent.find(key);
  return it != parent.end() && it->is_object() ? *it : nlohmann::json::object();
}

bool parse_bool(const std::string& text, const char* name) {
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false" || text.empty()) return false;
  throw berth::HttpError(400, std::string(name) + ": expected true or false, got '" + text + "'",
                         {{"field", name}});
}

bool is_ref_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

}  // namespace

// What the engine accepts as a name, [A-Za-z0-9][A-Za-z0-9_.-]*, at most 255 long: plain code, as
// std::regex recurses per character of a long value.
const std::string& checked_container_ref(const std::string& ref) {
  const bool ok = !ref.empty() && ref.size() <= kMaxContainerRef &&
                  std::isalnum(static_cast<unsigned char>(ref[0])) &&
                  std::all_of(ref.begin(), ref.end(), is_ref_char);
  if (!ok)
    throw berth::HttpError(400, "'" + ref + "' is not a container id or name", {{"field", "id"}});
  return ref;
}

nlohmann::json container_summary(const nlohmann::json& c) {
  nlohmann::json names = nlohmann::json::array();
  if (auto it = c.find("Names"); it != c.end() && it->is_array())
    for (const auto& n : *it)
      if (n.is_string()) names.push_back(strip_slash(n));
  return {{"id", c.value("Id", "")},           {"names", names},
          {"image", c.value("Image", "")},     {"image_id", c.value("ImageID", "")},
          {"command", c.value("Command", "")}, {"state", c.value("State", "")},
          {"status", c.value("Status", "")},   {"labels", object_or_empty(c, "Labels")},
          {"created", c.value("Created", 0)}};
}

nlohmann::json container_detail(const nlohmann::json& c) {
  const auto state = object_or_empty(c, "State");
  const auto config = object_or_empty(c, "Config");
  const auto host = object_or_empty(c, "HostConfig");
  nlohmann::json command = nlohmann::json::array();
  if (c.contains("Path") && c["Path"].is_string()) command.push_back(c["Path"]);
  if (auto it = c.find("Args"); it != c.end() && it->is_array())
    for (const auto& a : *it) command.push_back(a);
  nlohmann::json mounts = nlohmann::json::array();
  if (auto it = c.find("Mounts"); it != c.end() && it->is_array())
    for (const auto& m : *it)
      mounts.push_back({{"type", m.value("Type", "")},
                        {"name", m.value("Name", "")},
                        {"source", m.value("Source", "")},
                        {"destination", m.value("Destination", "")},
                        {"read_write", m.value("RW", true)}});
  nlohmann::json health = nullptr;
  if (auto it = state.find("Health"); it != state.end() && it->is_object())
    health = it->value("Status", "");
  return {{"id", c.value("Id", "")},
          {"name", strip_slash(c.value("Name", ""))},
          {"image", config.value("Image", "")},
          {"image_id", c.value("Image", "")},
          {"created", c.value("Created", "")},
          {"command", command},
          {"tty", config.value("Tty", false)},
          {"labels", object_or_empty(config, "Labels")},
          {"restart_count", c.value("RestartCount", 0)},
          {"restart_policy", object_or_empty(host, "RestartPolicy").value("Name", "")},
          {"network_mode", host.value("NetworkMode", "")},
          {"mounts", mounts},
          {"state",
           {{"status", state.value("Status", "")},
            {"running", state.value("Running", false)},
            {"paused", state.value("Paused", false)},
            {"restarting", state.value("Restarting", false)},
            {"oom_killed", state.value("OOMKilled", false)},
            {"dead", state.value("Dead", false)},
            {"pid", state.value("Pid", 0)},
            {"exit_code", state.value("ExitCode", 0)},
            {"error", state.value("Error", "")},
            {"started_at", state.value("StartedAt", "")},
            {"finished_at", state.value("FinishedAt", "")},
            {"health", health}}}};
}

std::string list_containers_path(const berth::Request& request) {
  const bool all = parse_bool(request.query_param("all").value_or(""), "all");
  nlohmann::json labels = nlohmann::json::array();
  auto [first, last] = request.query.equal_range("label");
  for (auto it = first; it != last; ++it) {
    const std::string& label = it->second;
    const auto key = label.substr(0, label.find('='));
    if (key.empty() || label.size() > 1024 ||
        std::any_of(label.begin(), label.end(), [](unsigned char ch) { return ch < 0x20; }))
      throw berth::HttpError(400, "label: expected key or key=value, got '" + label + "'",
                             {{"field", "label"}});
    labels.push_back(label);
  }
  std::string path = std::string("/containers/json?all=") + (all ? "1" : "0");
  if (!labels.empty())
    path += "&filters=" + berth::docker::escape(nlohmann::json{{"label", labels}}.dump());
  return path;
}

std::string parse_tail(const berth::Request& request, int max) {
  auto tail = request.query_param("tail");
  if (!tail || tail->empty()) return "200";
  if (*tail == "all") return "all";
  if (!is_digits(*tail, 9) || std::stol(*tail) > max)
    throw berth::HttpError(400,
                           "tail: expected all or a number of lines 0 to " + std::to_string(max),
                           {{"field", "tail"}});
  return std::to_string(std::stol(*tail));
}

bool is_digits(std::string_view text, std::size_t max_digits) {
  return !text.empty() && text.size() <= max_digits &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int parse_stop_timeout(const nlohmann::json& params, int fallback) {
  if (!params.is_object() || !params.contains("timeout") || params["timeout"].is_null())
    return fallback;
  const auto& t = params["timeout"];
  if (!t.is_number_integer() || t.get<long long>() < 0 || t.get<long long>() > 3600)
    throw berth::HttpError(400, "timeout: expected whole seconds 0 to 3600",
                           {{"field", "timeout"}});
  return t.get<int>();
}

}  // namespace docker_plugin
