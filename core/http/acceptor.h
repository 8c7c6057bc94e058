#pragma once
// Our own accept loop (Pistache 0.0.5 cannot listen on AF_UNIX): one thread polls every listening
// socket and hands each accepted, non-blocking socket to a callback.
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

  std::vector<ListenSocket> sockets_;
  OnAccept on_accept_;
  int wake_fd_ = -1;
  std::thread thread_;
};

}  // namespace berth::http
