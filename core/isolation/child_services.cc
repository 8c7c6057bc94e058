#include "isolation/child_services.h"

namespace berth::isolation {
namespace {

class RefusingTasks final : public Tasks {
 public:
  explicit RefusingTasks(std::vector<std::string>& errors) : errors_(errors) {}

 protected:
  void add_periodic(std::string_view name, std::chrono::milliseconds, std::function<std::string()>,
                    PeriodicOptions) noexcept override {
    refuse("periodic task", name);
  }
  void add_service(std::string_view name,
                   std::function<std::string(std::stop_token)>) noexcept override {
    refuse("service", name);
  }
  void add_job(std::string_view name, std::function<std::string(JobContext&)>,
               JobOptions) noexcept override {
    refuse("job", name);
  }
  std::string enqueue_job(std::string_view, const nlohmann::json&, std::string&,
                          int& status) noexcept override {
    status = 503;
    return kWhy;
  }

 private:
  static constexpr const char* kWhy = "isolation: process does not run tasks or jobs yet";
  void refuse(std::string_view kind, std::string_view name) noexcept {
    try {
      errors_.push_back(std::string(kind) + " '" + std::string(name) + "': " + kWhy);
    } catch (...) {
    }
  }
  std::vector<std::string>& errors_;
};

class ChildInstance final : public plugins::InstanceServices {
 public:
  explicit ChildInstance(std::vector<std::string>& errors) : tasks_(errors) {}
  Tasks& tasks() noexcept override { return tasks_; }
  std::vector<routing::Route> host_routes() override { return {}; }
  void activate() noexcept override {}
  bool deactivate() noexcept override { return true; }

 private:
  RefusingTasks tasks_;
};

}  // namespace

std::unique_ptr<plugins::InstanceServices> ChildServices::attach(const std::string&,
                                                                 const std::string&, bool,
                                                                 std::vector<std::string>& errors) {
  return std::make_unique<ChildInstance>(errors);
}

}  // namespace berth::isolation
