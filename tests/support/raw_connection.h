#pragma once
// A bare socket for what a well-behaved client never sends: malformed, pipelined, slow or
// half-closed requests.
#include <chrono>
#include <string>
#include <string_view>

namespace berth::test {

class RawConnection {
 public:
  static RawConnection unix_socket(const std::string& path);
  static RawConnection tcp(int port);
  RawConnection(RawConnection&&) noexcept;
  ~RawConnection();

  void send(std::string_view bytes);
  void shutdown_write();
  // Reads one HTTP response (headers, then Content-Length bytes of body). Empty on EOF/timeout.
  std::string read_response(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until the peer closes or the timeout passes.
  std::string read_until_close(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the peer closed the connection within the timeout (pending bytes are discarded).
  bool closed_by_peer(std::chrono::milliseconds timeout);
  int fd() const { return fd_; }

 private:
  explicit RawConnection(int fd) : fd_(fd) {}
  bool read_some(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffered_;
  bool eof_ = false;
};

// "HTTP/1.1 200 OK\r\n..." -> 200; 0 when it is not a status line.
int status_of(const std::string& response);
// The body of a response read by read_response.
std::string body_of(const std::string& response);
// A header's value from a raw response (case-insensitive name), or "".
std::string header_of(const std::string& response, const std::string& name);

}  // namespace berth::test
