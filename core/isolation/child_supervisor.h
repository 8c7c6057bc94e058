#pragma once
// Keeps one plugin's child running: starts it (always from its own thread, which lives as long
// as the children: PR_SET_PDEATHSIG follows the thread that forked), takes it through the
// lifecycle the host asks for, notices its end, and starts a new one that registers and activates
// as the first did, with back-off, until it crashed max_crashes times within crash_window. Reads
// of its state (the report) may come from any thread.
#include "config/host_config.h"
#include "isolation/child_connection.h"
#include "isolation/child_messages.h"
#include "isolation/crash_record.h"
#include "isolation/isolated_plugin.h"
#include "plugins/plugin_code.h"

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace berth::isolation {

class ChildSupervisor final : public plugins::ChildReport {
 public:
  ChildSupervisor(config::PluginEntry entry, std::string path, IsolationOptions options);
  ~ChildSupervisor() override;  // stop()

  // The first child: started and its library opened, or why not.
  Expected<OpenedPlugin> open();
  // The plugin's register function, in the child.
  Expected<ChildRegistration> register_routes();
  void activate();
  // An HTTP request for the child's route `route`.
  Response forward(std::uint32_t route, Request& request);
  // "" when the plugin applied `next`, else why not. A child that crashed too often is started
  // again with it: a changed config is how a failed plugin gets another chance.
  std::string apply_config(const nlohmann::json& next);
  // The stop hooks run in the child (or its registration is undone), it exits, or is killed
  // after the stop deadline. Once; the children end with it.
  void stop() noexcept;

  nlohmann::json to_json() const override;
  std::optional<std::string> failure() const override;

 private:
  enum class State { starting, running, restarting, failed, stopped };

  void run();
  // On this supervisor's thread: a new child, through start and opened.
  Expected<OpenedPlugin> start_child();
  // A new child through every step the last one had reached.
  Expected<void> restart();
  Expected<Frame> call(FrameType type, std::string body, std::chrono::milliseconds deadline);
  // The current child's register function, its answer checked; nothing recorded.
  Expected<ChildRegistration> call_register();
  void child_ended(std::uint64_t generation, const ChildExit& how);
  std::string message_locked() const;

  const config::PluginEntry entry_;
  const std::string path_;
  const IsolationOptions options_;
  std::shared_ptr<StderrTail> stderr_tail_ = std::make_shared<StderrTail>(20);

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::starting;
  nlohmann::json config_;
  std::shared_ptr<ChildConnection> child_;
  std::uint64_t generation_ = 0;
  bool child_ended_ = false;
  bool registered_ = false, active_ = false;
  bool stopping_ = false;  // no more restarts or requests
  bool quit_ = false;      // the thread ends; after the child's stop, as it kills the children
  std::vector<ChildRoute> routes_;
  CrashRecord crashes_;
  std::uint64_t crash_count_ = 0, restarts_ = 0;
  std::optional<ChildExit> last_crash_;
  std::optional<std::string> failure_;
  std::optional<std::promise<Expected<void>>> restart_request_;
  std::optional<std::promise<Expected<OpenedPlugin>>> first_open_;
  std::thread thread_;
};

}  // namespace berth::isolation
