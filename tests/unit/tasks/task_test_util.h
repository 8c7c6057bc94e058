#pragma once
// Helpers for the task host tests: a TaskHost on a real berth.db in a TempDir, plugins registered
// through PluginTasks as the plugin loader does, gates jobs block on, and polling for conditions.
#include <berth/tasks.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "log/logger.h"
#include "storage/database.h"
#include "support/eventually.h"
#include "support/temp_dir.h"
#include "tasks/task_host.h"

namespace berth::tasks::test {

using namespace std::chrono_literals;

// Failing periodic tasks and services log errors on purpose; the output is for test failures.
inline const bool kQuietLog = (berth::log::set_level(berth::LogLevel::error), true);

// Short throttles and back-offs so that the tests run fast.
inline TaskHostOptions fast_options() {
  TaskHostOptions o;
  o.workers = 4;
  o.queue_capacity = 64;
  o.limits.log_tail_lines = 5;
  o.progress_persist_interval = 20ms;
  o.service_backoff_initial = 20ms;
  o.service_backoff_max = 80ms;
  return o;
}

using berth::test::eventually;

// A door jobs wait at until the test opens it.
class Gate {
 public:
  void open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  // True when opened, false when `stop` fired first.
  bool wait(std::stop_token stop) {
    std::unique_lock lock(mu_);
    return cv_.wait(lock, stop, [&] { return open_; });
  }
  // Ignores stop tokens: a job that never cooperates.
  void wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable_any cv_;
  bool open_ = false;
};

// Opens a gate when it goes: declared so that it goes first, a failing test does not leave jobs
// waiting forever on a gate about to be destroyed.
class OpenOnExit {
 public:
  explicit OpenOnExit(Gate& gate) : gate_(gate) {}
  ~OpenOnExit() { gate_.open(); }
  OpenOnExit(const OpenOnExit&) = delete;
  OpenOnExit& operator=(const OpenOnExit&) = delete;

 private:
  Gate& gate_;
};

// Counts how many run at once and the most ever seen.
class Concurrency {
 public:
  void enter() {
    std::lock_guard lock(mu_);
    max_ = std::max(max_, ++now_);
    ++total_;
  }
  void leave() {
    std::lock_guard lock(mu_);
    --now_;
  }
  int now() const {
    std::lock_guard lock(mu_);
    return now_;
  }
  int max() const {
    std::lock_guard lock(mu_);
    return max_;
  }
  int total() const {
    std::lock_guard lock(mu_);
    return total_;
  }

 private:
  mutable std::mutex mu_;
  int now_ = 0;
  int max_ = 0;
  int total_ = 0;
};

// A TaskHost on <tmp>/berth.db, and the plugins registered on it.

// The statuses the SDK's start_job reports here: distinct per refusal (the app's HTTP mapping is
// tested through the real binary).
inline int sdk_status(TaskErrc code) noexcept {
  return 1000 + static_cast<int>(code);
}

// Why a start or a cancel was refused; nullopt when it was not.
template <class Result>
std::optional<TaskErrc> refusal(const Result& result) {
  if (result) return std::nullopt;
  return result.error().code;
}

class Env {
 public:
  explicit Env(TaskHostOptions options = fast_options()) {
    storage::DatabaseOptions db;
    db.path = dir / "berth.db";
    db_ = std::make_unique<storage::Database>(db);
    host_ = std::make_unique<TaskHost>(*db_, options);
  }
  ~Env() {
    // With a deadline, so that plugin code (referring to the test's locals) is done before they go.
    host_->shutdown(5s);
    plugins_.clear();
    host_.reset();  // before the database it writes to
  }

  TaskHost& host() { return *host_; }
  berth::Storage& db() { return *db_; }

  // Registers like the plugin loader: stage, then activate when nothing was rejected. Returns
  // the registration errors.
  std::vector<std::string> add_plugin(const std::string& name,
                                      const std::function<void(berth::Tasks&)>& registration) {
    auto plugin = std::make_unique<Plugin>();
    plugin->tasks = host_->tasks_for(name, plugin->errors, false, sdk_status);
    registration(*plugin->tasks);
    if (plugin->errors.empty()) host_->activate(*plugin->tasks);
    auto errors = plugin->errors;
    plugins_.push_back(std::move(plugin));
    return errors;
  }
  berth::Tasks& tasks(std::size_t index) { return *plugins_.at(index)->tasks; }

  // A new host on the same database, as after a restart (the old one shut down first).
  void restart(TaskHostOptions options = fast_options(), bool recover = true) {
    host_->shutdown(2s);
    plugins_.clear();
    host_.reset();
    host_ = std::make_unique<TaskHost>(*db_, options);
    if (recover) host_->recover();
  }

  // The host destroyed without shutdown() (its destructor's shutdown(0ms)), then a new one.
  void reopen_after_destructor(TaskHostOptions options = fast_options()) {
    plugins_.clear();
    host_.reset();
    host_ = std::make_unique<TaskHost>(*db_, options);
  }

  nlohmann::json job(const std::string& id) {
    auto j = host_->job(id);
    return j ? *j : nlohmann::json();
  }
  std::string state(const std::string& id) { return job(id).value("state", "<none>"); }
  bool wait_state(const std::string& id, const std::string& state) {
    return eventually([&] { return this->state(id) == state; });
  }
  std::string start(const std::string& plugin, const std::string& name,
                    const nlohmann::json& params = nlohmann::json::object()) {
    auto r = host_->start_job(plugin, name, params);
    if (!r) throw std::runtime_error("start_job: " + r.error().message);
    return *r;
  }
  // The job's row as stored, bypassing the host's memory.
  nlohmann::json row(const std::string& id) {
    auto row = db_->read(
        [&](berth::Db& d) { return d.query_one("SELECT * FROM jobs WHERE id = ?", {id}); });
    return row ? *row : nlohmann::json();
  }
  std::int64_t count_rows() {
    return db_->read([](berth::Db& d) {
      return d.query_one("SELECT COUNT(*) AS n FROM jobs")->at("n").get<std::int64_t>();
    });
  }

  berth::test::TempDir dir{"berth-tasks"};

 private:
  struct Plugin {
    std::vector<std::string> errors;
    std::unique_ptr<PluginTasks> tasks;
  };
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<TaskHost> host_;
  std::vector<std::unique_ptr<Plugin>> plugins_;
};

// The task_status entry of a task; null when it is not listed.
inline nlohmann::json task(TaskHost& host, const std::string& plugin, const std::string& name) {
  for (const auto& t : host.task_status())
    if (t["plugin"] == plugin && t["name"] == name) return t;
  return nullptr;
}

}  // namespace berth::tasks::test
