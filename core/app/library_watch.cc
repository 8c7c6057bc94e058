#include "app/library_watch.h"

#include "log/logger.h"

#include <algorithm>

namespace berth::app {

LibraryWatch::LibraryWatch(plugins::PluginManager& plugins, std::chrono::milliseconds drain)
    : plugins_(plugins), drain_(drain) {}

LibraryWatch::~LibraryWatch() {
  stop();
}

void LibraryWatch::refresh() {
  const std::vector<std::string> paths = plugins_.library_paths();
  std::lock_guard lock(mu_);
  bool changed = false;
  for (auto it = watchers_.begin(); it != watchers_.end();) {
    if (std::find(paths.begin(), paths.end(), it->first) != paths.end()) {
      ++it;
      continue;
    }
    it->second->stop();
    it = watchers_.erase(it);
    changed = true;
  }
  for (const std::string& path : paths) {
    if (watchers_.count(path)) continue;
    auto watcher = std::make_unique<FileWatcher>(
        path, WatchOptions{.settle = kSettle, .read = file_identity, .what = "plugin library"},
        [this, path](std::string_view) { plugins_.swap_library(path, drain_); });
    watcher->start();
    watchers_.emplace(path, std::move(watcher));
    changed = true;
  }
  if (changed) log::info("watching plugin libraries for rebuilds", {{"libraries", paths}});
}

void LibraryWatch::stop() noexcept {
  std::lock_guard lock(mu_);
  for (auto& [path, watcher] : watchers_) watcher->stop();
  watchers_.clear();
}

}  // namespace berth::app
