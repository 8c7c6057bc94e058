#pragma once
// Our own accept loop (Pistache 0.0.5 cannot listen on AF_UNIX): one thread polls every listening
// socket and hands each accepted, non-blocking socket to a callback.
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

namespace berth::http {

struct ListenSocket {
  int fd = -1;
  bool is_unix = false;
};

class Acceptor {
 public:
  using OnAccept = std::function<void(int fd, bool is_unix)>;

  Acceptor() = default;
  ~Acceptor() { stop(); }
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  void start(std::vector<ListenSocket> sockets, OnAccept on_accept);
  // Wakes and joins the thread. The listening sockets stay open: the owner closes them.
  void stop() noexcept;

 private:
  void loop();
  void accept_all(const ListenSocket& socket);
  void warn_out_of_resources(int err);

  // Out of descriptors, accept fails every back-off: one warning per kWarnEvery, with a count.
  static constexpr std::chrono::seconds kWarnEvery{10};
  std::chrono::steady_clock::time_point last_warning_{};
  bool warned_ = false;
  long unreported_ = 0;  // failures since the last warning

  std::vector<ListenSocket> sockets_;
  OnAccept on_accept_;
  int wake_fd_ = -1;
  std::thread thread_;
};

}  // namespace berth::http
