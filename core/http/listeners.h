#pragma once
// The listening sockets: the extension's Unix socket and an optional TCP port.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace berth::http {

struct UnixListener {
  int fd = -1;
  std::string path;
  dev_t dev = 0;  // identity of the socket file we bound, so we never unlink a successor's
  ino_t ino = 0;
};

struct TcpListener {
  int fd = -1;
  int port = 0;
  std::string address;  // host:port as bound, for messages
};

// Throws StartError: path too long, a live server answers on it, mkdir/bind/chmod/listen failed.
UnixListener open_unix_listener(const std::string& path, std::uint32_t mode, int backlog);
TcpListener open_tcp_listener(const std::string& host, int port, int backlog);

// Closes the socket and removes the file if it is still the one we created.
void close_unix_listener(UnixListener& listener) noexcept;
void close_tcp_listener(TcpListener& listener) noexcept;

}  // namespace berth::http
