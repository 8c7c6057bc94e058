#include "app/job_routes.h"

#include "app/berth_schemas.h"
#include "app/host_route.h"
#include "app/long_polls.h"
#include "app/query_params.h"
#include "app/task_errors.h"
#include "routing/invalid_input.h"
#include "routing/route_pattern.h"

#include <berth/guard.h>

#include <chrono>
#include <cstdint>
#include <sstream>

namespace berth::app {
namespace {

constexpr int kMaxListed = 500;
// With params, result or log each job can weigh up to the tasks.max_* limits.
constexpr int kMaxListedInFull = 50;

std::map<int, nlohmann::json> errors(std::initializer_list<int> statuses) {
  std::map<int, nlohmann::json> out;
  for (int status : statuses) out[status] = schemas::error();
  return out;
}

Response job_or_404(tasks::TaskHost& tasks, const std::string& id) {
  auto job = tasks.job(id);
  if (!job) return Response::error_json(404, "job " + id + " not found");
  return Response::json(*job);
}

// "params,result,log" (any of them, comma-separated), or HttpError 400.
tasks::JobDetail parse_include(const std::string& text) {
  tasks::JobDetail include;
  std::istringstream fields(text);
  for (std::string field; std::getline(fields, field, ',');) {
    if (field == "params") {
      include.params = true;
    } else if (field == "result") {
      include.result = true;
    } else if (field == "log") {
      include.log = true;
    } else {
      throw HttpError(400, "include: expected params, result or log, got '" + field + "'",
                      {{"field", "include"}});
    }
  }
  return include;
}

Response list_jobs(tasks::TaskHost& tasks, Request& request) {
  tasks::JobFilter filter;
  filter.plugin = request.query_param("plugin").value_or("");
  if (auto state = request.query_param("state")) {
    filter.state = tasks::parse_job_state(*state);
    if (!filter.state)
      throw HttpError(400,
                      "state: expected queued, running, succeeded, failed, cancelled or "
                      "interrupted, got '" +
                          *state + "'",
                      {{"field", "state"}});
  }
  if (auto include = request.query_param("include")) filter.include = parse_include(*include);
  const bool in_full = filter.include.params || filter.include.result || filter.include.log;
  const int max = in_full ? kMaxListedInFull : kMaxListed;
  filter.limit = static_cast<int>(integer_param(request, "limit", 1, max).value_or(50));
  return Response::json({{"jobs", tasks.jobs(filter)}});
}

// Answers when the job's version differs from the one the client saw (by default the current
// one), or after `wait` seconds with the job as it is.
void follow_job(tasks::TaskHost& tasks, LongPolls& polls, Request& request,
                std::function<void(Response)> respond) {
  try {
    std::string id = request.param("id");
    auto wait = integer_param(request, "wait", 0, kMaxLongPollSeconds);
    auto seen = integer_param(request, "version", 0, INT64_MAX);
    auto job = tasks.job(id);
    if (!job || !wait || *wait == 0 || polls.closing()) return respond(job_or_404(tasks, id));
    std::uint64_t version =
        seen ? static_cast<std::uint64_t>(*seen) : (*job)["version"].get<std::uint64_t>();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*wait);
    auto tracked = polls.track(std::move(respond), [&tasks, id] { return job_or_404(tasks, id); });
    tasks.when_changed(id, version, deadline, [tracked, id](std::optional<nlohmann::json> now) {
      tracked(now ? Response::json(*now) : Response::error_json(404, "job " + id + " not found"));
    });
  } catch (...) {
    respond(detail::response_for_current_exception());
  }
}

Response cancel_job(tasks::TaskHost& tasks, Request& request) {
  std::string id = request.param("id");
  auto cancelled = tasks.cancel(id);
  if (!cancelled)
    return Response::error_json(http_status(cancelled.error().code), cancelled.error().message,
                                {{"id", id}});
  auto job = tasks.job(id);
  nlohmann::json body = job ? *job : nlohmann::json::object();
  body["message"] = cancelled->message;
  // 202: the job stops when it sees its stop token; 200: done.
  return Response::json(body, cancelled->state == tasks::Cancellation::stopping ? 202 : 200);
}

}  // namespace

std::vector<routing::Route> plugin_job_routes(tasks::TaskHost& tasks, const std::string& plugin,
                                              const std::string& mount,
                                              const std::vector<contract::JobContract>& jobs) {
  std::vector<routing::Route> routes;
  for (const auto& job : jobs) {
    const std::string& name = job.name;
    // The params are checked by the task host (start_job from plugin code too), not here.
    contract::RouteContract c;
    c.summary = job.summary.empty() ? "Start job " + name : job.summary;
    c.name = "jobs." + name;
    c.tags = {"jobs"};
    c.responses = errors({400, 404, 413});
    c.responses[202] = schemas::job_started();
    c.job = job;
    auto r = host_route(Method::post, routing::join_mount(mount, "/jobs/" + name), c, plugin);
    r.handler = [&tasks, plugin, name](Request& request) noexcept -> Response {
      try {
        nlohmann::json params = request.json();
        if (params.is_null()) params = nlohmann::json::object();
        auto started = tasks.start_job(plugin, name, params);
        if (!started) return task_error_response(started.error());
        return Response::json({{"id", *started}, {"state", "queued"}}, 202)
            .header("Location", "/_berth/jobs/" + *started);
      } catch (...) {
        return detail::response_for_current_exception();
      }
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

std::vector<routing::Route> builtin_job_routes(tasks::TaskHost& tasks, LongPolls& polls) {
  auto guarded = [](auto fn) {
    return [fn](Request& request) noexcept -> Response {
      try {
        return fn(request);
      } catch (...) {
        return detail::response_for_current_exception();
      }
    };
  };
  std::vector<routing::Route> routes;
  auto list = host_route(Method::get, "/_berth/jobs",
                         {.summary = "Jobs, newest first",
                          .name = "listJobs",
                          .tags = {"jobs"},
                          .query_schema = schemas::job_list_query(),
                          .responses = {{200, schemas::job_list()}, {400, schemas::error()}}});
  list.handler = guarded([&tasks](Request& r) { return list_jobs(tasks, r); });
  routes.push_back(std::move(list));

  auto one = host_route(
      Method::get, "/_berth/jobs/:id",
      {.summary = "One job; with wait, answers once its version differs from `version` (long poll)",
       .name = "getJob",
       .tags = {"jobs"},
       .query_schema = schemas::job_follow_query(),
       .path_schema = schemas::job_id_path(),
       .responses = {{200, schemas::job()}, {400, schemas::error()}, {404, schemas::error()}}});
  one.deferred = [&tasks, &polls](Request& r, std::function<void(Response)> respond) {
    follow_job(tasks, polls, r, std::move(respond));
  };
  routes.push_back(std::move(one));

  nlohmann::json cancelled = schemas::job();
  cancelled["properties"]["message"] = {{"type", "string"}};
  auto cancel = host_route(
      Method::post, "/_berth/jobs/:id/cancel",
      {.summary = "Cancel a queued or running job",
       .name = "cancelJob",
       .tags = {"jobs"},
       .path_schema = schemas::job_id_path(),
       .responses = {
           {200, cancelled}, {202, cancelled}, {404, schemas::error()}, {409, schemas::error()}}});
  cancel.handler = guarded([&tasks](Request& r) { return cancel_job(tasks, r); });
  routes.push_back(std::move(cancel));

  auto status = host_route(Method::get, "/_berth/tasks",
                           {.summary = "Periodic tasks and services: runs, failures, last error",
                            .name = "listTasks",
                            .tags = {"jobs"},
                            .responses = {{200, schemas::tasks()}}});
  status.handler = guarded([&tasks](Request&) {
    return Response::json({{"tasks", tasks.task_status()}});
  });
  routes.push_back(std::move(status));
  return routes;
}

}  // namespace berth::app
