#include "container_routes.h"

#include "container_logs.h"
#include "container_view.h"
#include "docker_schemas.h"

#include <berth/error_schema.h>
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

// Every route asks the engine; those with a container also get its 404.
std::map<int, nlohmann::json> container_answers(int status, nlohmann::json schema,
                                                bool with_not_found) {
  auto responses = engine_errors(with_not_found);
  responses[status] = std::move(schema);
  responses[400] = berth::error_schema();
  return responses;
}

}  // namespace

void add_container_routes(berth::PluginContext& context, std::shared_ptr<EngineLink> link) {
  auto& routes = context.routes();
  const Settings& settings = link->settings();
  routes.get("/containers",
             [link](berth::Request& request) {
               const std::string path = list_containers_path(request);
               return answer(*link, [&] {
                 nlohmann::json list = nlohmann::json::array();
                 for (const auto& c : link->client().get(path))
                   list.push_back(container_summary(c));
                 return nlohmann::json{{"containers", list}};
               });
             },
             {.summary = "Containers, running ones unless all=true",
              .name = "containers",
              .query_schema = list_containers_query_schema(),
              .responses = container_answers(200, containers_schema(), false)});
  routes.get(
      "/containers/:id",
      [link](berth::Request& request) {
        const std::string& ref = checked_container_ref(request.param("id"));
        return answer(*link, [&] {
          return container_detail(link->client().get("/containers/" + escape(ref) + "/json"));
        });
      },
      {.summary = "One container (no environment: it may hold secrets)",
       .name = "container",
       .path_schema = container_path_schema(),
       .responses = container_answers(200, container_schema(), true)});
  routes.get("/containers/:id/logs",
             [link](berth::Request& request) {
               const std::string& ref = checked_container_ref(request.param("id"));
               const std::string tail = parse_tail(request, link->settings().logs_max_tail);
               return answer(*link, [&] { return container_logs(*link, ref, tail); });
             },
             {.summary = "A container's recent output, stdout and stderr told apart",
              .name = "logs",
              .query_schema = logs_query_schema(settings),
              .path_schema = container_path_schema(),
              .responses = container_answers(200, logs_schema(), true)});
  routes.post("/containers/:id/restart",
              [link, &context](berth::Request& request) {
                return start_container_job(context, *link, request, "restart");
              },
              {.summary = "Restart a container (stop, then start) as a job",
               .description = "202 and Location: /_berth/jobs/{id}; the job's result is the "
                              "container's state",
               .name = "restart",
               .body_schema = stop_body_schema(settings),
               .path_schema = container_path_schema(),
               .responses = container_answers(202, job_started_schema(), true)});
  routes.post("/containers/:id/stop",
              [link, &context](berth::Request& request) {
                return start_container_job(context, *link, request, "stop");
              },
              {.summary = "Stop a container as a job",
               .description = "202 and Location: /_berth/jobs/{id}; the job's result is the "
                              "container's state",
               .name = "stop",
               .body_schema = stop_body_schema(settings),
               .path_schema = container_path_schema(),
               .responses = container_answers(202, job_started_schema(), true)});
}

}  // namespace docker_plugin
