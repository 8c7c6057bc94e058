#include "runner_routes.h"

#include "process.h"
#include "refusal.h"
#include "runner_schemas.h"
#include "usage.h"

#include <berth/error_schema.h>
#include <berth/http.h>

#include <charconv>
#include <cstdlib>

namespace runner {
namespace {

// "PROGRESS 40 scanning /data" on stdout moves the job's progress bar.
bool parse_progress(std::string_view line, berth::JobContext& job) {
  constexpr std::string_view kPrefix = "PROGRESS ";
  if (line.substr(0, kPrefix.size()) != kPrefix) return false;
  line.remove_prefix(kPrefix.size());
  std::string number(line.substr(0, line.find(' ')));
  char* end = nullptr;
  double percent = std::strtod(number.c_str(), &end);
  if (number.empty() || *end != '\0' || percent < 0 || percent > 100) return false;
  auto space = line.find(' ');
  job.progress(percent, space == std::string_view::npos ? "" : line.substr(space + 1));
  return true;
}

const CommandSpec& find_command(const Settings& settings, const nlohmann::json& params) {
  if (!params.is_object() || !params.contains("command") || !params["command"].is_string())
    throw refusal("command", "a string naming an allowed command is required");
  std::string name = params["command"];
  auto it = settings.commands.find(name);
  if (it == settings.commands.end())
    throw refusal("command", "'" + name + "' is not in the allow-list");
  return it->second;
}

nlohmann::json args_of(const nlohmann::json& params) {
  return params.contains("args") ? params["args"] : nlohmann::json(nullptr);
}

// The job's validate: every start (POST /runner/run, the host's POST /runner/jobs/run) names an
// allowed command with args its patterns accept, or is refused with a 400 before it is queued.
// Throws HttpError(400) with `errors`; POST /runner/run calls it itself so that its answer keeps
// them (a validate's refusal reaches the client as its message only).
void check_run_params(const Settings& settings, const nlohmann::json& params) {
  const CommandSpec& spec = find_command(settings, params);
  for (const auto& [key, value] : params.items())
    if (key != "command" && key != "args") throw refusal(key, "unknown field");
  expand_argv(spec, args_of(params));
}

// GET /usage?limit=: whole digits only, as the query schema says.
int usage_limit(const berth::Request& request) {
  const std::string text = request.query_param("limit").value_or("60");
  int limit = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (error != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 1000)
    throw berth::HttpError(400, "limit: must be 1 to 1000", {{"field", "limit"}});
  return limit;
}

void run_job(const Settings& settings, berth::JobContext& job) {
  const CommandSpec& spec = find_command(settings, job.params());
  auto argv = expand_argv(spec, args_of(job.params()));
  auto result = run_process(argv, job.stop_token(), spec.timeout,
                            [&](std::string_view stream, std::string_view line) {
                              if (stream == "stdout" && parse_progress(line, job)) return;
                              job.log(std::string(stream) + ": " + std::string(line));
                            });
  nlohmann::json summary = {{"command", spec.name},
                            {"argv", argv},
                            {"exit_code", result.exit_code},
                            {"signal", result.signal},
                            {"timed_out", result.timed_out}};
  job.result(summary);
  if (result.stopped) return;  // the host records it cancelled or interrupted
  if (result.timed_out)
    throw std::runtime_error("timed out after " + std::to_string(spec.timeout.count()) + " s");
  if (result.exit_code != 0)
    throw std::runtime_error(result.signal
                                 ? "killed by signal " + std::to_string(result.signal)
                                 : "exited with code " + std::to_string(result.exit_code));
  job.progress(100, "done");
}

}  // namespace

Settings parse_settings(const nlohmann::json& config) {
  Settings s;
  s.commands = parse_commands(config);
  s.usage_path = berth::config_value<std::string>(config, "usage_path", ".");
  s.usage_interval_seconds = berth::config_value<int>(config, "usage_interval", 60);
  s.usage_keep = berth::config_value<int>(config, "usage_keep", 1440);
  if (s.usage_interval_seconds <= 0) throw std::invalid_argument("usage_interval must be positive");
  if (s.usage_keep <= 0) throw std::invalid_argument("usage_keep must be positive");
  return s;
}

void add_routes(berth::PluginContext& context, std::shared_ptr<const Settings> settings) {
  auto& routes = context.routes();
  routes.get("/commands",
             [settings](berth::Request&) {
               nlohmann::json list = nlohmann::json::array();
               for (const auto& [name, spec] : settings->commands)
                 list.push_back({{"name", name},
                                 {"description", spec.description},
                                 {"argv", spec.argv},
                                 {"params", spec.param_patterns},
                                 {"timeout", spec.timeout.count()}});
               return nlohmann::json{{"commands", list}};
             },
             {.summary = "The allow-list: commands a job may run",
              .name = "commands",
              .responses = {{200, commands_schema()}}});
  routes.post(
      "/run",
      [&context, settings](berth::Request& request) {
        check_run_params(*settings, request.json());
        std::string id = context.tasks().start_job("run", request.json());
        return berth::Response::json({{"id", id}, {"state", "queued"}}, 202)
            .header("Location", "/_berth/jobs/" + id);
      },
      {.summary = "Run an allow-listed command as a job",
       .description = "202 and Location: /_berth/jobs/{id}; follow it there. The same job "
                      "as POST /runner/jobs/run",
       .name = "run",
       .body_schema = run_params_schema(settings->commands),
       .responses = {
           {202, accepted_schema()}, {400, berth::error_schema()}, {413, berth::error_schema()}}});
  routes.get(
      "/usage",
      [&context](berth::Request& request) {
        return nlohmann::json{{"samples", recent_usage(context.storage(), usage_limit(request))}};
      },
      {.summary = "Disk usage samples of usage_path, newest first",
       .name = "usage",
       .query_schema = usage_query_schema(),
       .responses = {{200, usage_schema()}, {400, berth::error_schema()}}});
}

void add_tasks(berth::PluginContext& context, std::shared_ptr<const Settings> settings) {
  context.tasks().job("run", [settings](berth::JobContext& job) { run_job(*settings, job); },
                      {.max_concurrent = 4,
                       .summary = "Run an allow-listed command",
                       .validate =
                           [settings](const nlohmann::json& params) {
                             check_run_params(*settings, params);
                             return std::string();
                           },
                       .params_schema = run_params_schema(settings->commands),
                       .result_schema = run_result_schema()});
  context.tasks().every(
      "disk-usage", std::chrono::seconds(settings->usage_interval_seconds), [settings, &context] {
        record_usage(context.storage(), measure_usage(settings->usage_path), settings->usage_keep);
      });
}

}  // namespace runner
