#include "app/dev/ui_version.h"

#include <filesystem>
#include <functional>
#include <system_error>

namespace berth::app::dev {
namespace {

// A UI root holding a dependency tree is not what a page reloads for; past this many entries the
// rest is not looked at.
constexpr int kMaxEntries = 20'000;

}  // namespace

UiVersion::UiVersion(std::string root, std::chrono::milliseconds interval)
    : root_(std::move(root)), interval_(interval) {
  fingerprint_ = fingerprint();
  scanned_ = std::chrono::steady_clock::now();
}

std::uint64_t UiVersion::current() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - scanned_ >= interval_) {
    scanned_ = now;
    if (auto f = fingerprint(); f != fingerprint_) {
      fingerprint_ = f;
      ++version_;
    }
  }
  return version_;
}

std::uint64_t UiVersion::fingerprint() const {
  namespace fs = std::filesystem;
  std::uint64_t hash = 1469598103934665603ull;
  auto mix = [&hash](std::uint64_t v) { hash = (hash ^ v) * 1099511628211ull; };
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
  int entries = 0;
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (++entries > kMaxEntries) break;
    const auto name = it->path().filename().string();
    if (it->is_directory(ec) && (name == "node_modules" || name.starts_with("."))) {
      it.disable_recursion_pending();
      continue;
    }
    mix(std::hash<std::string>{}(it->path().string()));
    if (!it->is_regular_file(ec)) continue;
    mix(static_cast<std::uint64_t>(it->file_size(ec)));
    mix(static_cast<std::uint64_t>(it->last_write_time(ec).time_since_epoch().count()));
  }
  return hash;
}

}  // namespace berth::app::dev
