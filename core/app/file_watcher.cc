#include "app/file_watcher.h"

#include "config/load.h"
#include "log/logger.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace berth::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kDirMask = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
                                   IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF |
                                   IN_MOVE_SELF;

// Nothing when unreadable: only whether the content changed matters here; the reloader reads
// the file again and says why it cannot.
std::optional<std::string> read_config_file(const std::string& path) {
  Expected<std::string> content = config::read_whole_file(path);
  if (!content) return std::nullopt;
  return std::move(*content);
}

WatchOptions with_defaults(WatchOptions options) {
  if (!options.read) options.read = read_config_file;
  return options;
}

}  // namespace

std::optional<std::string> file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
         std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

FileWatcher::FileWatcher(std::string path, WatchOptions options,
                         std::function<void(std::string_view)> on_change)
    : path_(std::move(path)),
      options_(with_defaults(std::move(options))),
      on_change_(std::move(on_change)),
      last_content_(options_.read(path_)) {}

FileWatcher::~FileWatcher() {
  stop();
}

void FileWatcher::start() {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (options_.inotify) {
    inotify_fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify_fd_ < 0)
      log::warn("cannot watch a file; checking it every few seconds",
                {{"file", path_}, {"what", options_.what}, {"error", std::strerror(errno)}});
    rewatch();
  }
  thread_ = std::thread([this] { run(); });
}

void FileWatcher::request_reload() noexcept {
  reload_requested_ = true;
  if (wake_fd_ >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

void FileWatcher::stop() noexcept {
  stop_ = true;
  if (wake_fd_ >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  inotify_fd_ = wake_fd_ = -1;
}

void FileWatcher::rewatch() {
  if (inotify_fd_ < 0) return;
  std::error_code ec;
  const fs::path given = fs::absolute(path_, ec);
  const std::string dir = given.parent_path().string();
  is_symlink_ = fs::is_symlink(given, ec);
  const fs::path resolved = fs::canonical(given, ec);
  std::string target_dir = ec ? std::string() : resolved.parent_path().string();
  target_name_ = ec ? std::string() : resolved.filename().string();
  if (target_dir == dir) target_dir.clear();
  // inotify gives the same descriptor for a folder watched again; a folder that went away lost
  // its watch (IN_IGNORED), so adding again is always right.
  if (dir_wd_ >= 0 && dir != dir_) ::inotify_rm_watch(inotify_fd_, dir_wd_);
  dir_ = dir;
  dir_wd_ = ::inotify_add_watch(inotify_fd_, dir_.c_str(), kDirMask);
  if (target_wd_ >= 0 && target_wd_ != dir_wd_ && target_dir != target_dir_)
    ::inotify_rm_watch(inotify_fd_, target_wd_);
  target_dir_ = target_dir;
  target_wd_ =
      target_dir_.empty() ? -1 : ::inotify_add_watch(inotify_fd_, target_dir_.c_str(), kDirMask);
}

bool FileWatcher::relevant(int wd, std::uint32_t mask, std::string_view name) const {
  if (mask & (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) return true;
  // Through a symlink any entry of the folder may be a link on the way (Kubernetes' ..data).
  if (wd == dir_wd_ && is_symlink_) return true;
  return names_file(wd, name);
}

bool FileWatcher::names_file(int wd, std::string_view name) const {
  if (wd == dir_wd_ && name == fs::path(path_).filename().string()) return true;
  return wd == target_wd_ && name == target_name_;
}

bool FileWatcher::read_events() {
  char buffer[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
  bool any = false;
  for (;;) {
    const ssize_t n = ::read(inotify_fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    for (char* p = buffer; p < buffer + n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(p);
      const std::string_view name = event->len ? std::string_view(event->name) : "";
      if (relevant(event->wd, event->mask, name)) any = true;
      if (names_file(event->wd, name)) {
        // Written through a descriptor still open: more may follow until it is closed.
        if (event->mask & IN_MODIFY) writer_open_ = true;
        if (event->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE))
          writer_open_ = false;
      }
      p += sizeof(inotify_event) + event->len;
    }
  }
  return any;
}

// Missing for a moment (a rename or symlink swap half done): the next event or poll sees it. A
// file that is there but cannot be used (too large, not a regular file) goes to the reloader,
// which rejects it and says why.
bool FileWatcher::gone(const std::optional<std::string>& content) const {
  std::error_code ec;
  return !content && !fs::exists(path_, ec);
}

void FileWatcher::check(std::string_view trigger, bool force) {
  std::optional<std::string> content = options_.read(path_);
  if (gone(content) && !force) return;
  if (!force && content == last_content_) return;
  last_content_ = std::move(content);
  on_change_(trigger);
}

void FileWatcher::settle_check() {
  std::optional<std::string> content = options_.read(path_);
  if (gone(content) || content == last_content_) return;
  if (content != candidate_) {
    // Still changing: wait for it to read the same once more.
    candidate_ = std::move(content);
    pending_ = true;
    last_change_ = Clock::now();
    return;
  }
  last_content_ = std::move(content);
  candidate_.reset();
  on_change_("file");
}

void FileWatcher::run() {
  Clock::time_point next_poll = Clock::now() + options_.poll;
  auto due = [this] {
    return last_change_ + (writer_open_ ? options_.settle_open : options_.settle);
  };
  while (!stop_) {
    const auto now = Clock::now();
    const auto until = pending_ ? due() : next_poll;
    const int timeout =
        !pending_ && !options_.inotify
            ? -1  // signal only
            : static_cast<int>(std::max<std::int64_t>(
                  0, std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count()));
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, inotify_fd_ >= 0 ? 2 : 1, timeout);
    if (stop_) break;
    if (ready < 0 && errno != EINTR) {
      log::error("file watcher: poll failed",
                 {{"file", path_}, {"what", options_.what}, {"error", std::strerror(errno)}});
      break;
    }
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      std::uint64_t count = 0;
      [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
      if (reload_requested_.exchange(false)) {
        pending_ = writer_open_ = false;
        candidate_.reset();
        rewatch();
        check("signal", true);
        continue;
      }
    }
    if (ready > 0 && inotify_fd_ >= 0 && (fds[1].revents & POLLIN) && read_events()) {
      if (!pending_)
        log::debug("file changed; waiting for it to settle",
                   {{"file", path_}, {"what", options_.what}});
      pending_ = true;
      last_change_ = Clock::now();
      candidate_.reset();  // events say when it settles
    }
    const auto t = Clock::now();
    if (pending_ && t >= due()) {
      pending_ = writer_open_ = false;
      rewatch();
      if (candidate_)
        settle_check();
      else
        check("file", false);
      next_poll = Clock::now() + options_.poll;
    } else if (!pending_ && options_.inotify && t >= next_poll) {
      rewatch();
      settle_check();
      next_poll = Clock::now() + options_.poll;
    }
  }
}

}  // namespace berth::app
