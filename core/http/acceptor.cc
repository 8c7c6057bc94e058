#include "http/acceptor.h"

#include "log/logger.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace berth::http {
namespace {

// Out of descriptors or memory: the pending connection stays queued; retry a little later
// instead of spinning on a listener that stays readable.
bool is_resource_error(int err) {
  return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
}

}  // namespace

void Acceptor::start(std::vector<ListenSocket> sockets, OnAccept on_accept) {
  sockets_ = std::move(sockets);
  on_accept_ = std::move(on_accept);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
  thread_ = std::thread([this] { loop(); });
  pthread_setname_np(thread_.native_handle(), "berth-accept");
}

void Acceptor::stop() noexcept {
  if (thread_.joinable()) {
    std::uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
    thread_.join();
  }
  if (wake_fd_ >= 0) {
    ::close(wake_fd_);
    wake_fd_ = -1;
  }
}

void Acceptor::loop() {
  std::vector<pollfd> fds;
  for (const auto& s : sockets_) fds.push_back({s.fd, POLLIN, 0});
  fds.push_back({wake_fd_, POLLIN, 0});
  bool backing_off = false;
  for (;;) {
    // While backing off, wait on the wake fd alone so a full fd table does not spin the loop.
    pollfd* first = backing_off ? &fds.back() : fds.data();
    nfds_t count = backing_off ? 1 : fds.size();
    int rc = ::poll(first, count, backing_off ? 100 : -1);
    backing_off = false;
    if (rc < 0 && errno != EINTR) return;
    if (fds.back().revents & POLLIN) return;
    for (std::size_t i = 0; i + 1 < fds.size(); ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      fds[i].revents = 0;
      try {
        accept_all(sockets_[i]);
      } catch (const std::system_error&) {
        backing_off = true;
      }
    }
  }
}

void Acceptor::accept_all(const ListenSocket& socket) {
  for (;;) {
    int fd = ::accept4(socket.fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      on_accept_(fd, socket.is_unix);
      continue;
    }
    int err = errno;
    if (err == EAGAIN || err == EWOULDBLOCK) return;
    if (err == EINTR || err == ECONNABORTED || err == EPROTO) continue;
    if (is_resource_error(err)) {
      warn_out_of_resources(err);
      throw std::system_error(err, std::generic_category());
    }
    log::error("http: accept failed", {{"error", std::strerror(err)}});
    throw std::system_error(err, std::generic_category());
  }
}

void Acceptor::warn_out_of_resources(int err) {
  const auto now = std::chrono::steady_clock::now();
  if (warned_ && now - last_warning_ < kWarnEvery) {
    ++unreported_;
    return;
  }
  nlohmann::json fields = {{"error", std::strerror(err)}};
  if (unreported_ > 0) fields["failures_not_logged"] = unreported_;
  log::warn("http: accept failed, retrying", fields);
  warned_ = true;
  last_warning_ = now;
  unreported_ = 0;
}

}  // namespace berth::http
