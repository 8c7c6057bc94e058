#include "tasks/job_runner.h"

#include "log/logger.h"
#include "tasks/job_id.h"

#include <algorithm>

namespace berth::tasks {
namespace {

bool of_plugin(const std::string& owner, const std::string& plugin) {
  return plugin.empty() || owner == plugin;
}

}  // namespace

JobRunner::JobRunner(JobStore& store, TaskWorkers& pool, std::shared_ptr<JobChanges> changes,
                     int queue_capacity, JobLimits limits)
    : store_(store),
      pool_(pool),
      changes_(std::move(changes)),
      queue_capacity_(static_cast<std::size_t>(std::max(0, queue_capacity))),
      limits_(limits) {}

std::shared_ptr<JobRunner::JobType> JobRunner::type_locked(const std::string& plugin,
                                                           const std::string& name) const {
  auto p = plugins_.find(plugin);
  if (p == plugins_.end()) return nullptr;
  auto t = p->second.find(name);
  return t == p->second.end() ? nullptr : t->second;
}

void JobRunner::unqueue_locked(const std::string& id) {
  if (auto it = std::find(queue_.begin(), queue_.end(), id); it != queue_.end()) queue_.erase(it);
}

void JobRunner::enqueue_locked(std::shared_ptr<LiveJob> job, std::shared_ptr<JobType> type,
                               const std::string& plugin) {
  const std::string id = job->id();
  if (live_.count(id)) return;  // already held (a start raced with a reactivation)
  Entry entry;
  entry.plugin = plugin;
  entry.job = std::move(job);
  entry.type = std::move(type);
  live_.emplace(id, std::move(entry));
  queue_.push_back(id);
}

void JobRunner::activate(const std::string& plugin, std::vector<JobSpec> specs) {
  std::lock_guard stored(stored_mu_);
  {
    std::lock_guard lock(mu_);
    auto& types = plugins_[plugin];
    types.clear();
    for (auto& spec : specs) {
      std::string name = spec.name;
      types.emplace(std::move(name), std::make_shared<JobType>(std::move(spec)));
    }
  }
  std::vector<JobRecord> pending;
  try {
    pending = store_.take_pending(plugin);
  } catch (const std::exception& e) {
    log::error("cannot load the plugin's pending jobs", {{"plugin", plugin}, {"error", e.what()}});
    return;
  }
  std::vector<JobRecord> orphans;
  for (auto& rec : pending) {
    std::shared_ptr<LiveJob> job;
    {
      std::lock_guard lock(mu_);
      auto type = type_locked(plugin, rec.name);
      if (!type) {
        orphans.push_back(std::move(rec));
        continue;
      }
      job = std::make_shared<LiveJob>(rec);
      job->mark_persisted(rec.version, Clock::now());
      enqueue_locked(job, std::move(type), plugin);
    }
    changes_->post(job->id(), job);
  }
  for (auto& rec : orphans) {
    rec.state = JobState::failed;
    rec.error = "plugin " + plugin + " no longer has a job named " + rec.name;
    rec.finished_ms = now_ms();
    ++rec.version;
    save_quietly(rec);
    changes_->post(rec.id, nullptr);
  }
  if (!pending.empty()) {
    log::info("jobs queued again", {{"plugin", plugin},
                                    {"count", pending.size() - orphans.size()},
                                    {"orphaned", orphans.size()}});
  }
}

StartResult JobRunner::start(const std::string& plugin, const std::string& name,
                             const nlohmann::json& params) {
  if (!params.is_object())
    return unexpected(TaskError{TaskErrc::invalid_params, "job params must be a JSON object"});
  std::shared_ptr<JobType> type;
  {
    std::lock_guard lock(mu_);
    if (closed_)
      return unexpected(
          TaskError{TaskErrc::unavailable, "the host is shutting down; no job can start"});
    type = type_locked(plugin, name);
  }
  if (!type)
    return unexpected(
        TaskError{TaskErrc::no_such_job, "plugin " + plugin + " has no job named " + name});
  if (!json_size_within(params, limits_.max_params_bytes)) {
    return unexpected(TaskError{TaskErrc::params_too_large,
                                "job params are larger than tasks.max_params_bytes (" +
                                    std::to_string(limits_.max_params_bytes) + " bytes)"});
  }
  // Plugin code, so outside the lock; the plugin's library stays loaded while its route or its
  // own start_job call runs.
  if (type->spec.params_schema) {
    if (auto violations = type->spec.params_schema->check(params); !violations.empty()) {
      for (auto& v : violations) v.in = "body";
      return unexpected(TaskError{TaskErrc::invalid_params, contract::describe(violations),
                                  std::move(violations)});
    }
  }
  if (type->spec.validate) {
    if (std::string refused = type->spec.validate(params); !refused.empty())
      return unexpected(TaskError{TaskErrc::invalid_params, std::move(refused)});
  }
  {
    std::lock_guard lock(mu_);
    if (queue_.size() + reserved_ >= queue_capacity_) {
      counts_.queue_full();
      return unexpected(TaskError{TaskErrc::unavailable, "the job queue is full (" +
                                                             std::to_string(queue_capacity_) +
                                                             " jobs waiting); retry later"});
    }
    ++reserved_;  // holds the place while the row is written, outside the lock
  }
  JobRecord rec;
  rec.id = new_job_id();
  rec.plugin = plugin;
  rec.name = name;
  rec.params = params;
  rec.created_ms = now_ms();
  rec.resumable = type->spec.resumable;
  try {
    store_.insert(rec);
  } catch (const std::exception& e) {
    std::lock_guard lock(mu_);
    --reserved_;
    return unexpected(
        TaskError{TaskErrc::storage_failed, std::string("could not record the job: ") + e.what()});
  }
  auto job = std::make_shared<LiveJob>(rec);
  job->mark_persisted(rec.version, Clock::now());
  {
    std::lock_guard lock(mu_);
    --reserved_;
    // Stopped meanwhile: the row stays queued and runs when the plugin starts again.
    if (type_locked(plugin, name) == type) enqueue_locked(job, type, plugin);
  }
  dispatch();
  return rec.id;
}

void JobRunner::dispatch() {
  std::lock_guard lock(mu_);
  for (auto it = queue_.begin(); it != queue_.end();) {
    Entry& e = live_.at(*it);
    if (e.type->running >= e.type->spec.max_concurrent) {
      ++it;
      continue;
    }
    auto ticket = pool_.try_run([this, job = e.job, type = e.type] { run(job, type); });
    if (!ticket) break;  // every worker busy; on_idle calls again
    ++e.type->running;
    e.dispatched = true;
    e.ticket = *ticket;
    it = queue_.erase(it);
  }
}

CancelResult JobRunner::cancel(const std::string& id) {
  for (;;) {
    if (auto live = cancel_live(id)) return std::move(*live);
    std::unique_lock stored(stored_mu_);
    if (find(id)) continue;  // queued again by an activation meanwhile: cancel it in memory
    bool changed = false;
    auto rec = store_.cancel_stored(id, kCancelled, now_ms(), changed);
    if (!rec) return unexpected(TaskError{TaskErrc::no_such_job, "no job with id " + id});
    if (changed) {
      changes_->post(id, nullptr);
      return CancelOutcome{Cancellation::cancelled, kCancelled};
    }
    return unexpected(TaskError{TaskErrc::already_final,
                                "the job already " + std::string(to_string(rec->state))});
  }
}

std::optional<CancelResult> JobRunner::cancel_live(const std::string& id) {
  std::shared_ptr<LiveJob> job;
  bool queued = false;
  {
    std::lock_guard lock(mu_);
    auto it = live_.find(id);
    if (it == live_.end()) return std::nullopt;
    Entry& e = it->second;
    if (e.cancelling) return CancelOutcome{Cancellation::stopping, "cancellation in progress"};
    job = e.job;
    if (JobState state = job->state(); is_final(state)) {
      // Final in memory, about to leave it.
      return unexpected(
          TaskError{TaskErrc::already_final, "the job already " + std::string(to_string(state))});
    }
    queued = !e.dispatched;
    if (queued) {
      // Out of the queue now, so that no worker takes it while the cancel is written.
      e.cancelling = true;
      unqueue_locked(id);
    }
  }
  if (!queued) {
    job->request_stop(StopReason::cancel, kCancelled);
    return CancelOutcome{Cancellation::stopping,
                         "cancellation requested; the job stops when it sees its stop token"};
  }
  job->enter_host();  // never abandoned before it started: always true
  JobRecord rec = job->next_version();
  rec.state = JobState::cancelled;
  rec.error = kCancelled;
  rec.finished_ms = now_ms();
  finalize(job, std::move(rec));
  job->leave_host();
  return CancelOutcome{Cancellation::cancelled, kCancelled};
}

void JobRunner::begin_stop(const std::string& plugin, const std::string& reason) {
  std::vector<std::shared_ptr<LiveJob>> started;
  {
    std::lock_guard lock(mu_);
    if (plugin.empty()) {
      plugins_.clear();
    } else {
      plugins_.erase(plugin);
    }
    for (auto it = live_.begin(); it != live_.end();) {
      if (!of_plugin(it->second.plugin, plugin)) {
        ++it;
      } else if (it->second.dispatched || it->second.cancelling) {
        if (it->second.dispatched) started.push_back(it->second.job);
        ++it;
      } else {
        unqueue_locked(it->first);
        it = live_.erase(it);
      }
    }
  }
  for (auto& job : started) job->request_stop(StopReason::stop, reason);
}

std::vector<std::string> JobRunner::finish_stop(const std::string& plugin, Clock::time_point until,
                                                const std::string& reason) {
  auto plugin_jobs_locked = [&] {
    std::vector<std::pair<std::shared_ptr<LiveJob>, std::optional<TaskWorkers::Ticket>>> out;
    for (auto& [id, e] : live_)
      if (of_plugin(e.plugin, plugin)) out.emplace_back(e.job, e.ticket);
    return out;
  };
  decltype(plugin_jobs_locked()) stuck;
  {
    std::unique_lock lock(mu_);
    slot_freed_.wait_until(lock, until, [&] { return plugin_jobs_locked().empty(); });
    stuck = plugin_jobs_locked();
  }
  std::vector<std::string> abandoned;
  for (auto& [job, ticket] : stuck) {
    if (!job->abandon()) continue;  // it finished meanwhile
    {
      std::lock_guard lock(mu_);
      auto it = live_.find(job->id());
      if (it == live_.end()) continue;  // handed back to the database queue before it started
      if (it->second.dispatched) --it->second.type->running;
      live_.erase(it);
      if (ticket) pool_.abandon(*ticket);
    }
    JobRecord rec = job->next_version();
    rec.state = JobState::interrupted;
    rec.error = reason;
    rec.finished_ms = now_ms();
    rec.requeue = rec.resumable && job->stop_reason() != StopReason::cancel;
    save_quietly(rec);
    counts_.finished(rec);
    job->apply(rec);
    changes_->post(rec.id, job);
    log::warn("job ignored its stop token; its thread is abandoned",
              {{"plugin", rec.plugin}, {"job", rec.name}, {"id", rec.id}});
    abandoned.push_back(rec.id);
  }
  return abandoned;
}

void JobRunner::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

std::shared_ptr<LiveJob> JobRunner::find(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : it->second.job;
}

std::vector<std::string> JobRunner::job_names(const std::string& plugin) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> names;
  if (auto p = plugins_.find(plugin); p != plugins_.end())
    for (const auto& [name, type] : p->second) names.push_back(name);
  return names;
}

std::size_t JobRunner::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

}  // namespace berth::tasks
