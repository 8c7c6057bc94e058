#pragma once
// Says when a file's content changed, however it was changed: written in place (bind mounts, cp),
// replaced by rename (editors, linkers, tools), or through a swapped symlink (Kubernetes-style
// mounts). inotify watches the file's folder and the folder its symlinks lead to, the path is
// resolved again after every event, and a change is reported only when the content (or the
// fingerprint WatchOptions::read gives) differs. A slow poll catches what inotify cannot see
// (shared folders of some VMs deliver no events) and a folder that appears later. The host
// watches its config files and, with watch_plugins, its plugin libraries.
//
// Only a settled file is reported: a file written in several parts (a slow copy, a script that
// appends, an editor that truncates first, a linker) is never applied half-way, where a config may
// even parse as a valid one that drops plugins. Settled means no change for `settle` after the
// last writer closed the file (IN_CLOSE_WRITE, or a rename over it), or for `settle_open` while a
// writer that modified it has not closed it yet; a change seen only by the poll must read the same
// twice, `settle` apart. request_reload() (SIGHUP) reports at once.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace berth::app {

struct WatchOptions {
  bool inotify = true;  // false: reload on request (SIGHUP) only, no events and no poll
  std::chrono::milliseconds settle{2000};        // quiet time after the last change
  std::chrono::milliseconds settle_open{10000};  // ... while its writer still has it open
  std::chrono::milliseconds poll{2000};          // content check without events
  // What is compared to tell a change; nothing when the file cannot be read. Default: its bytes,
  // up to the config size limit. A large file can give a cheaper fingerprint.
  std::function<std::optional<std::string>(const std::string& path)> read;
  std::string_view what = "config file";  // in log messages
};

// A fingerprint for WatchOptions::read that changes whenever the file is written or replaced
// (device, inode, size and modification time), without reading it.
std::optional<std::string> file_identity(const std::string& path);

class FileWatcher {
 public:
  // `on_change(trigger)` runs on the watcher's thread: "file" when the content changed, "signal"
  // after request_reload(). One call at a time. The content now is the one in use: construct it
  // right after the file was loaded, start it once the host is ready.
  FileWatcher(std::string path, WatchOptions options,
              std::function<void(std::string_view trigger)> on_change);
  ~FileWatcher();  // stop()
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  void start();
  // Reload now, changed or not (SIGHUP). Returns at once.
  void request_reload() noexcept;
  // Waits for a reload in progress, then joins.
  void stop() noexcept;

 private:
  void run();
  // (Re)adds the watches for the path as it resolves now.
  void rewatch();
  bool relevant(int wd, std::uint32_t mask, std::string_view name) const;
  // The event names the config file itself (not its folder or a link on the way).
  bool names_file(int wd, std::string_view name) const;
  // Reads the events waiting; true when one concerns the file. Notes whether a writer that
  // modified the file still has it open.
  bool read_events();
  // Unreadable because the path is missing (not because of what it is).
  bool gone(const std::optional<std::string>& content) const;
  // Reloads when the content differs from the running one (any content with `force`).
  void check(std::string_view trigger, bool force);
  // The poll found this content: it is applied once it reads the same after `settle`.
  void settle_check();

  const std::string path_;
  const WatchOptions options_;
  const std::function<void(std::string_view)> on_change_;
  int inotify_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: stop or request_reload
  int dir_wd_ = -1;
  int target_wd_ = -1;
  std::string dir_, target_dir_, target_name_;
  bool is_symlink_ = false;
  std::optional<std::string> last_content_;
  // A change waiting to settle (watcher thread only).
  bool pending_ = false;
  bool writer_open_ = false;
  std::chrono::steady_clock::time_point last_change_{};
  std::optional<std::string> candidate_;  // content the poll saw; empty when events told
  std::atomic<bool> stop_{false};
  std::atomic<bool> reload_requested_{false};
  std::thread thread_;
};

}  // namespace berth::app
