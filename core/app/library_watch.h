#pragma once
// With watch_plugins: each enabled plugin's library is watched, and a rebuild, once settled, is
// swapped in while the host serves (PluginManager::swap_library).
#include "app/file_watcher.h"
#include "plugins/plugin_manager.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace berth::app {

class LibraryWatch {
 public:
  // `drain` bounds the wait for requests in flight on a replaced instance.
  LibraryWatch(plugins::PluginManager& plugins, std::chrono::milliseconds drain);
  ~LibraryWatch();  // stop()
  LibraryWatch(const LibraryWatch&) = delete;
  LibraryWatch& operator=(const LibraryWatch&) = delete;

  // Watches the libraries the plugins are configured with now: after start, and after a config
  // reload changed the list. Never from a swap (a watcher's own thread).
  void refresh();
  void stop() noexcept;

  // How long a library must be left alone after its last write before it is loaded: a linker
  // or a copy writes it in several parts.
  static constexpr std::chrono::milliseconds kSettle{300};

 private:
  plugins::PluginManager& plugins_;
  const std::chrono::milliseconds drain_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<FileWatcher>> watchers_;  // by library path
};

}  // namespace berth::app
