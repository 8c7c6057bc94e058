#include "isolation/child_messages.h"

#include <algorithm>

namespace berth::isolation {
namespace {

// Every reader below goes through this: a hostile or stale peer gets a message, not an exception.
template <class T, class F>
Expected<T> read_json(std::string_view what, F read) {
  try {
    return read();
  } catch (const std::exception& e) {
    return unexpected("malformed " + std::string(what) + " message: " + e.what());
  }
}

nlohmann::json contract_json(const contract::RouteContract& c) {
  nlohmann::json responses = nlohmann::json::object();
  for (const auto& [status, schema] : c.responses) responses[std::to_string(status)] = schema;
  return {{"summary", c.summary},
          {"description", c.description},
          {"name", c.name},
          {"tags", c.tags},
          {"body_schema", c.body_schema},
          {"query_schema", c.query_schema},
          {"path_schema", c.path_schema},
          {"responses", responses}};
}

contract::RouteContract contract_from(const nlohmann::json& j) {
  contract::RouteContract c;
  c.summary = j.at("summary").get<std::string>();
  c.description = j.at("description").get<std::string>();
  c.name = j.at("name").get<std::string>();
  c.tags = j.at("tags").get<std::vector<std::string>>();
  c.body_schema = j.at("body_schema");
  c.query_schema = j.at("query_schema");
  c.path_schema = j.at("path_schema");
  for (const auto& [status, schema] : j.at("responses").items())
    c.responses.emplace(std::stoi(status), schema);
  return c;
}

}  // namespace

nlohmann::json to_json(const ChildStart& s) {
  nlohmann::json marks = nlohmann::json::object();
  for (const auto& [pointer, mark] : s.config_marks)
    marks[pointer] = {mark.file, mark.line, mark.column};
  return {{"name", s.name},
          {"config_path", s.config_path},
          {"config_marks", marks},
          {"path", s.path},
          {"mount", s.mount ? nlohmann::json(*s.mount) : nlohmann::json(nullptr)},
          {"config", s.config},
          {"data_dir", s.data_dir},
          {"log_level", s.log_level},
          {"worker_threads", s.worker_threads}};
}

Expected<ChildStart> child_start_from(const nlohmann::json& j) {
  return read_json<ChildStart>("start", [&] {
    ChildStart s;
    s.name = j.at("name").get<std::string>();
    s.path = j.at("path").get<std::string>();
    if (!j.at("mount").is_null()) s.mount = j.at("mount").get<std::string>();
    s.config = j.at("config");
    s.config_path = j.at("config_path").get<std::string>();
    for (const auto& [pointer, mark] : j.at("config_marks").items())
      s.config_marks[pointer] = {mark.at(0).get<std::string>(), mark.at(1).get<int>(),
                                 mark.at(2).get<int>()};
    s.data_dir = j.at("data_dir").get<std::string>();
    s.log_level = j.at("log_level").get<std::string>();
    s.worker_threads = std::clamp(j.at("worker_threads").get<int>(), 1, 1024);
    return s;
  });
}

nlohmann::json to_json(const OpenedPlugin& o) {
  return {{"abi_version", o.abi_version},
          {"struct_size", o.struct_size},
          {"name", o.name},
          {"version", o.version},
          {"description", o.description},
          {"build_signature", o.build_signature},
          {"depends", o.depends},
          {"config_schema",
           o.config_schema ? nlohmann::json(*o.config_schema) : nlohmann::json(nullptr)}};
}

Expected<OpenedPlugin> opened_plugin_from(const nlohmann::json& j) {
  return read_json<OpenedPlugin>("opened", [&] {
    OpenedPlugin o;
    o.abi_version = j.at("abi_version").get<std::uint32_t>();
    o.struct_size = j.at("struct_size").get<std::uint32_t>();
    o.name = j.at("name").get<std::string>();
    o.version = j.at("version").get<std::string>();
    o.description = j.at("description").get<std::string>();
    o.build_signature = j.at("build_signature").get<std::string>();
    o.depends = j.at("depends").get<std::string>();
    if (!j.at("config_schema").is_null())
      o.config_schema = j.at("config_schema").get<std::string>();
    return o;
  });
}

nlohmann::json to_json(const ChildRegistration& r) {
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& route : r.routes)
    routes.push_back({{"method", to_string(route.method)},
                      {"path", route.path},
                      {"contract", contract_json(route.contract)}});
  return {{"error", r.error},
          {"routes", routes},
          {"config_handler", r.config_handler},
          {"unsupported", r.unsupported}};
}

Expected<ChildRegistration> child_registration_from(const nlohmann::json& j) {
  return read_json<ChildRegistration>("registered", [&] {
    ChildRegistration r;
    r.error = j.at("error").get<std::string>();
    r.config_handler = j.at("config_handler").get<bool>();
    r.unsupported = j.at("unsupported").get<std::vector<std::string>>();
    for (const auto& route : j.at("routes")) {
      ChildRoute out;
      const auto method = parse_method(route.at("method").get<std::string>());
      if (!method) throw std::invalid_argument("unknown method " + route.at("method").dump());
      out.method = *method;
      out.path = route.at("path").get<std::string>();
      out.contract = contract_from(route.at("contract"));
      r.routes.push_back(std::move(out));
    }
    return r;
  });
}

Expected<nlohmann::json> parse_body(std::string_view body) {
  try {
    return nlohmann::json::parse(body);
  } catch (const std::exception& e) {
    return unexpected("frame body is not JSON: " + std::string(e.what()));
  }
}

std::string dump_body(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool same_routes(const std::vector<ChildRoute>& a, const std::vector<ChildRoute>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].method != b[i].method || a[i].path != b[i].path) return false;
  return true;
}

}  // namespace berth::isolation
