#pragma once
// What a plugin gets when a host service cannot be had (a database that cannot be opened, a host
// run with --check): every call fails with the reason, so the plugin's registration fails with it
// instead of crashing later.
#include <berth/storage.h>
#include <berth/tasks.h>

#include <string>

namespace berth::plugins {

class UnavailableStorage final : public Storage {
 public:
  explicit UnavailableStorage(std::string reason) : reason_(std::move(reason)) {}

 protected:
  std::string run_read(const std::function<bool(Db&)>&) noexcept override { return reason_; }
  std::string run_write(const std::function<bool(Db&)>&) noexcept override { return reason_; }
  std::string run_migrations(std::vector<MigrationStep>) noexcept override { return reason_; }
  std::string apply_durability(Durability) noexcept override { return reason_; }

 private:
  std::string reason_;
};

// For a host that validates without serving (--check): registrations are accepted and never run;
// starting a job says why it cannot.
class UnavailableTasks final : public Tasks {
 public:
  explicit UnavailableTasks(std::string reason) : reason_(std::move(reason)) {}

 protected:
  void add_periodic(std::string_view, std::chrono::milliseconds, std::function<std::string()>,
                    PeriodicOptions) noexcept override {}
  void add_service(std::string_view, std::function<std::string(std::stop_token)>) noexcept override {}
  void add_job(std::string_view, std::function<std::string(JobContext&)>, JobOptions) noexcept override {}
  std::string enqueue_job(std::string_view, const nlohmann::json&, std::string&,
                          int& status) noexcept override {
    status = 503;
    return reason_;
  }

 private:
  std::string reason_;
};

}  // namespace berth::plugins
