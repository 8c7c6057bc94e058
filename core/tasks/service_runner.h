#pragma once
// One plugin service on a thread of its own (services run for the plugin's whole life, so they
// would pin a pool worker forever). A service that fails before it is stopped is logged and
// restarted after a back-off; one that returns cleanly is not restarted.
#include "tasks/task_specs.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace berth::tasks {

struct ServiceBackoff {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{30000};  // also: a run this long resets the back-off
};

class ServiceRunner {
 public:
  using Clock = std::chrono::steady_clock;

  ServiceRunner(std::string plugin, ServiceSpec spec, ServiceBackoff backoff);
  // Stops it and waits for it, however long: call join_until() first.
  ~ServiceRunner();
  ServiceRunner(const ServiceRunner&) = delete;
  ServiceRunner& operator=(const ServiceRunner&) = delete;

  void start();
  void request_stop();
  // True when the thread ended by `until` (it is joined); false when it ignored its stop token:
  // the thread is detached, owning everything it touches, and may run on until the process exits.
  bool join_until(Clock::time_point until);
  const std::string& name() const noexcept;
  nlohmann::json status() const;

 private:
  struct State;
  static void loop(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace berth::tasks
