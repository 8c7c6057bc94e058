#include "container_routes.h"

#include "container_logs.h"
#include "container_view.h"

#include <berth/http.h>

namespace docker_plugin {
namespace {

using berth::docker::escape;

// Checks the request and that the container exists (the engine's 404 otherwise), then queues.
berth::Response start_container_job(berth::PluginContext& context, EngineLink& link,
                                    berth::Request& request, const char* job) {
  const std::string& ref = checked_container_ref(request.param("id"));
  const auto& body = request.json();
  if (!body.is_null() && !body.is_object())
    throw berth::HttpError(400, "body: expected a JSON object like {\"timeout\": 10}");
  if (body.is_object())
    for (const auto& [key, value] : body.items())
      if (key != "timeout") throw berth::HttpError(400, key + ": unknown field", {{"field", key}});
  const int timeout = parse_stop_timeout(body, link.settings().stop_timeout_seconds);
  return answer(link, [&] {
    auto inspect = link.client().get("/containers/" + escape(ref) + "/json");
    const std::string id = inspect.value("Id", ref);
    std::string job_id = context.tasks().start_job(job, {{"id", id}, {"timeout", timeout}});
    return berth::Response::json({{"id", job_id}, {"state", "queued"}, {"container", id}}, 202)
        .header("Location", "/_berth/jobs/" + job_id);
  });
}

}  // namespace

void add_container_routes(berth::PluginContext& context, std::shared_ptr<EngineLink> link) {
  auto& routes = context.routes();
  routes.get("/containers", [link](berth::Request& request) {
    const std::string path = list_containers_path(request);
    return answer(*link, [&] {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& c : link->client().get(path)) list.push_back(container_summary(c));
      return nlohmann::json{{"containers", list}};
    });
  });
  routes.get("/containers/:id", [link](berth::Request& request) {
    const std::string& ref = checked_container_ref(request.param("id"));
    return answer(*link, [&] {
      return container_detail(link->client().get("/containers/" + escape(ref) + "/json"));
    });
  });
  routes.get("/containers/:id/logs", [link](berth::Request& request) {
    const std::string& ref = checked_container_ref(request.param("id"));
    const std::string tail = parse_tail(request, link->settings().logs_max_tail);
    return answer(*link, [&] { return container_logs(*link, ref, tail); });
  });
  routes.post("/containers/:id/restart", [link, &context](berth::Request& request) {
    return start_container_job(context, *link, request, "restart");
  });
  routes.post("/containers/:id/stop", [link, &context](berth::Request& request) {
    return start_container_job(context, *link, request, "stop");
  });
}

}  // namespace docker_plugin
