#include "tasks/plugin_tasks.h"

#include "log/logger.h"

#include <algorithm>

namespace berth::tasks {
namespace {

// Job names become URL segments (POST <mount>/jobs/<name>); the same rule for every kind keeps
// the status list and the logs unambiguous.
bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

PluginTasks::PluginTasks(std::string plugin, std::vector<std::string>& errors, Starter starter,
                         StatusOf status_of)
    : plugin_(std::move(plugin)),
      errors_(errors),
      starter_(std::move(starter)),
      status_of_(status_of) {}

std::vector<contract::JobContract> PluginTasks::jobs() const {
  std::lock_guard lock(mu_);
  auto source = [](const std::shared_ptr<const contract::JsonSchema>& schema) {
    return schema ? schema->source() : nlohmann::json();
  };
  std::vector<contract::JobContract> out;
  for (const JobSpec& spec : staged_.jobs)
    out.push_back(
        {plugin_, spec.name, spec.summary, source(spec.params_schema), source(spec.result_schema)});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

bool PluginTasks::failed() const {
  std::lock_guard lock(mu_);
  return failed_;
}

PluginTasks::Staged PluginTasks::take() {
  std::lock_guard lock(mu_);
  taken_ = true;
  return std::move(staged_);
}

void PluginTasks::reject(std::string message) {
  failed_ = true;
  errors_.push_back(std::move(message));
}

bool PluginTasks::admit(std::string_view kind, std::string_view name, std::set<std::string>& used) {
  if (taken_) {
    // The context's error list no longer decides anything: say it in the log.
    log::error("a task registered after the plugin started is ignored",
               {{"plugin", plugin_}, {"kind", kind}, {"task", name}});
    return false;
  }
  if (!valid_name(name)) {
    reject(std::string(kind) + " name '" + std::string(name) +
           "' is invalid: use 1 to 64 letters, digits, '-', '_' or '.'");
    return false;
  }
  if (!used.insert(std::string(name)).second) {
    reject(std::string(kind) + " '" + std::string(name) + "' is registered twice");
    return false;
  }
  return true;
}

void PluginTasks::add_periodic(std::string_view name, std::chrono::milliseconds interval,
                               std::function<std::string()> fn, PeriodicOptions options) noexcept {
  try {
    std::lock_guard lock(mu_);
    if (!admit("periodic task", name, task_names_)) return;
    std::string n(name);
    if (interval.count() <= 0) return reject("periodic task '" + n + "' needs an interval > 0");
    if (options.initial_delay.count() < 0 || options.jitter.count() < 0)
      return reject("periodic task '" + n + "': initial_delay and jitter must not be negative");
    if (!fn) return reject("periodic task '" + n + "' has no function");
    staged_.periodic.push_back({std::move(n), interval, std::move(fn), options});
  } catch (...) {
    // Out of memory while registering: nothing sensible to record.
  }
}

void PluginTasks::add_service(std::string_view name,
                              std::function<std::string(std::stop_token)> fn) noexcept {
  try {
    std::lock_guard lock(mu_);
    if (!admit("service", name, task_names_)) return;
    if (!fn) return reject("service '" + std::string(name) + "' has no function");
    staged_.services.push_back({std::string(name), std::move(fn)});
  } catch (...) {
  }
}

void PluginTasks::add_job(std::string_view name, std::function<std::string(JobContext&)> fn,
                          JobOptions options) noexcept {
  try {
    std::lock_guard lock(mu_);
    if (!admit("job", name, job_names_)) return;
    std::string n(name);
    if (options.max_concurrent < 1) return reject("job '" + n + "' needs max_concurrent >= 1");
    if (!fn) return reject("job '" + n + "' has no function");
    auto compile = [&](const nlohmann::json& schema,
                       const char* what) -> std::shared_ptr<const contract::JsonSchema> {
      if (schema.is_null()) return nullptr;
      try {
        return std::make_shared<const contract::JsonSchema>(schema);
      } catch (const std::invalid_argument& e) {
        reject("job '" + n + "': " + what + " is not a usable JSON Schema: " + e.what());
        return nullptr;
      }
    };
    auto params_schema = compile(options.params_schema, "params_schema");
    auto result_schema = compile(options.result_schema, "result_schema");
    if (failed_) return;
    // summary is a string_view into plugin memory: copied now.
    staged_.jobs.push_back({std::move(n), std::move(fn), std::move(options.validate),
                            options.max_concurrent, options.resumable, std::string(options.summary),
                            std::move(params_schema), std::move(result_schema)});
  } catch (...) {
  }
}

std::string PluginTasks::enqueue_job(std::string_view name, const nlohmann::json& params,
                                     std::string& id, int& status) noexcept {
  try {
    StartResult started =
        taken_ ? starter_(std::string(name), params)
               : unexpected(TaskError{TaskErrc::unavailable,
                                      "the tasks of plugin " + plugin_ + " are not running yet"});
    if (!started) {
      status = status_of_(started.error().code);
      return started.error().message;
    }
    id = std::move(*started);
    return {};
  } catch (const std::exception& e) {
    status = status_of_(TaskErrc::internal);
    return e.what();
  } catch (...) {
    status = status_of_(TaskErrc::internal);
    return "unknown error";
  }
}

}  // namespace berth::tasks
