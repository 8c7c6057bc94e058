#pragma once
// What storage() gives when the plugin's database cannot be opened (permissions, full disk, no
// data_dir): every call fails with the reason, so the plugin's registration fails with it.
#include <berth/storage.h>

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

}  // namespace berth::plugins
