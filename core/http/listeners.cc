#include "http/listeners.h"

#include "http/start_error.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace berth::http {
namespace {

constexpr int kSocketFlags = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;

[[noreturn]] void fail(const std::string& what, int err) {
  throw StartError(what + ": " + std::strerror(err));
}

sockaddr_un unix_address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

void create_parent(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) throw StartError("cannot create " + parent.string() + ": " + ec.message());
}

// True when a server accepts connections on the socket file. A refused connection means the
// file is left over from a process that died without removing it.
bool someone_listens(const std::string& path) {
  int fd = ::socket(AF_UNIX, kSocketFlags, 0);
  if (fd < 0) fail("socket", errno);
  sockaddr_un addr = unix_address(path);
  int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  ::close(fd);
  if (rc == 0 || err == EAGAIN || err == EINPROGRESS) return true;  // EAGAIN: backlog full
  if (err == ECONNREFUSED || err == ENOENT) return false;
  fail("cannot check existing socket " + path, err);
}

void clear_stale_socket(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    fail("cannot inspect " + path, errno);
  }
  if (!S_ISSOCK(st.st_mode)) throw StartError(path + " exists and is not a socket");
  if (someone_listens(path)) throw StartError("another server is already listening on " + path);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    fail("cannot remove stale socket " + path, errno);
}

std::string describe(const sockaddr* sa) {
  char host[NI_MAXHOST], port[NI_MAXSERV];
  socklen_t len = sa->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  if (getnameinfo(sa, len, host, sizeof host, port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV))
    return "?";
  return sa->sa_family == AF_INET6 ? "[" + std::string(host) + "]:" + port
                                   : std::string(host) + ":" + port;
}

int bound_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

}  // namespace

UnixListener open_unix_listener(const std::string& path, std::uint32_t mode, int backlog) {
  if (path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    throw StartError("socket path is " + std::to_string(path.size()) + " bytes, the limit is " +
                     std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) + ": " + path);
  }
  create_parent(path);
  clear_stale_socket(path);

  UnixListener l;
  l.path = path;
  l.fd = ::socket(AF_UNIX, kSocketFlags, 0);
  if (l.fd < 0) fail("socket", errno);
  sockaddr_un addr = unix_address(path);
  try {
    if (::bind(l.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      fail("cannot bind " + path, errno);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      l.dev = st.st_dev;
      l.ino = st.st_ino;
    }
    // Before listen(): nobody can connect while the permissions are still the umask's.
    if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) fail("cannot chmod " + path, errno);
    // The kernel silently caps the backlog at net.core.somaxconn.
    if (::listen(l.fd, backlog) != 0) fail("cannot listen on " + path, errno);
  } catch (...) {
    close_unix_listener(l);
    throw;
  }
  return l;
}

TcpListener open_tcp_listener(const std::string& host, int port, int backlog) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string where = host + ":" + std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints,
                       &found);
  if (rc != 0) throw StartError("cannot resolve " + where + ": " + gai_strerror(rc));

  int last_error = EADDRNOTAVAIL;
  std::string last_step = "cannot bind ";
  TcpListener l;
  for (addrinfo* ai = found; ai && l.fd < 0; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, kSocketFlags, 0);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      last_error = errno;
      last_step = "cannot bind ";
      ::close(fd);
      continue;
    }
    if (::listen(fd, backlog) != 0) {
      last_error = errno;
      last_step = "cannot listen on ";
      ::close(fd);
      continue;
    }
    l.fd = fd;
    l.port = bound_port(fd);
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    l.address = describe(reinterpret_cast<sockaddr*>(&ss));
  }
  freeaddrinfo(found);
  if (l.fd < 0) fail(last_step + where, last_error);
  return l;
}

void close_unix_listener(UnixListener& l) noexcept {
  if (l.fd < 0) return;
  ::close(l.fd);
  l.fd = -1;
  struct stat st {};
  if (::lstat(l.path.c_str(), &st) == 0 && st.st_dev == l.dev && st.st_ino == l.ino)
    ::unlink(l.path.c_str());
}

void close_tcp_listener(TcpListener& l) noexcept {
  if (l.fd < 0) return;
  ::close(l.fd);
  l.fd = -1;
}

}  // namespace berth::http
