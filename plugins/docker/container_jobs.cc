#include "container_jobs.h"

#include "container_view.h"
#include "docker_schemas.h"

#include <berth/http_error.h>

#include <stdexcept>

namespace docker_plugin {
namespace {

using berth::docker::CallOptions;
using berth::docker::escape;

struct Target {
  std::string path;  // "/containers/<escaped id>"
  std::string id;
  std::string name;
  bool running = false;
  int timeout = 10;
};

// The jobs' validator: the host runs it before queuing, for the container routes and for its
// generic POST /docker/jobs/<name> alike.
void check_target_params(const nlohmann::json& params) {
  if (!params.is_object() || !params.contains("id") || !params["id"].is_string())
    throw berth::HttpError(400, "id: a container id or name is required", {{"field", "id"}});
  checked_container_ref(params["id"].get_ref<const std::string&>());
  for (const auto& [key, value] : params.items())
    if (key != "id" && key != "timeout")
      throw berth::HttpError(400, key + ": unknown field", {{"field", key}});
  parse_stop_timeout(params, 0);
}

Target resolve(EngineLink& link, berth::JobContext& job) {
  const auto& params = job.params();
  Target t;
  t.timeout = parse_stop_timeout(params, link.settings().stop_timeout_seconds);
  auto inspect =
      link.client().get("/containers/" + escape(params["id"].get<std::string>()) + "/json",
                        {.stop = job.stop_token()});
  auto view = container_detail(inspect);
  t.id = view["id"];
  t.name = view["name"];
  t.running = view["state"]["running"];
  t.path = "/containers/" + escape(t.id);
  return t;
}

// Stopping waits up to the grace period, then the engine kills: the call may take that long.
CallOptions stop_call(EngineLink& link, const Target& t, berth::JobContext& job) {
  return {.timeout = link.settings().request_timeout + std::chrono::seconds(t.timeout),
          .stop = job.stop_token()};
}

nlohmann::json state_of(EngineLink& link, const Target& t, berth::JobContext& job) {
  return container_detail(link.client().get(t.path + "/json", {.stop = job.stop_token()}))["state"];
}

void stop_container(EngineLink& link, const Target& t, berth::JobContext& job) {
  auto reply = link.client().request("POST", t.path + "/stop?t=" + std::to_string(t.timeout), {},
                                     stop_call(link, t, job));
  job.log(reply.status == 304 ? t.name + " was not running" : "stopped " + t.name);
}

void run_restart(EngineLink& link, berth::JobContext& job) {
  job.progress(0, "looking up the container");
  Target t = resolve(link, job);
  if (t.running) {
    job.progress(10, "stopping " + t.name + " (grace period " + std::to_string(t.timeout) + " s)");
    stop_container(link, t, job);
  }
  job.progress(60, "starting " + t.name);
  auto reply = link.client().request("POST", t.path + "/start", {}, {.stop = job.stop_token()});
  job.log(reply.status == 304 ? t.name + " was already running" : "started " + t.name);
  job.progress(90, "checking that " + t.name + " runs");
  auto state = state_of(link, t, job);
  job.result({{"id", t.id}, {"name", t.name}, {"state", state}});
  if (!state["running"].get<bool>())
    throw std::runtime_error(t.name + " is " + state["status"].get<std::string>() +
                             " after its start (exit code " +
                             std::to_string(state["exit_code"].get<int>()) + ")");
  job.progress(100, t.name + " is running");
}

void run_stop(EngineLink& link, berth::JobContext& job) {
  job.progress(0, "looking up the container");
  Target t = resolve(link, job);
  job.progress(10, "stopping " + t.name + " (grace period " + std::to_string(t.timeout) + " s)");
  stop_container(link, t, job);
  job.progress(90, "checking that " + t.name + " stopped");
  auto state = state_of(link, t, job);
  job.result({{"id", t.id}, {"name", t.name}, {"state", state}});
  job.progress(100, t.name + " is " + state["status"].get<std::string>());
}

}  // namespace

void add_container_jobs(berth::Tasks& tasks, std::shared_ptr<EngineLink> link) {
  auto validate = [](const nlohmann::json& params) {
    check_target_params(params);
    return std::string();
  };
  tasks.job("restart", [link](berth::JobContext& job) { run_restart(*link, job); },
            {.max_concurrent = 4,
             .summary = "Restart a container (stop, then start)",
             .validate = validate,
             .params_schema = target_params_schema(),
             .result_schema = target_result_schema()});
  tasks.job("stop", [link](berth::JobContext& job) { run_stop(*link, job); },
            {.max_concurrent = 4,
             .summary = "Stop a container",
             .validate = validate,
             .params_schema = target_params_schema(),
             .result_schema = target_result_schema()});
}

}  // namespace docker_plugin
