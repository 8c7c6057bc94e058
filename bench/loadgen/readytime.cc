// readytime: milliseconds from fork/exec of a server to its first 200 on GET /_berth/ready.
//   readytime --socket PATH -- berth --config ...
// Polls every 200 us over the Unix socket (a fresh connection each time, as curl would, but without
// curl's process start-up in the measurement), then sends SIGTERM and waits for the exit.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

namespace {
bool ready(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    const char req[] = "GET /_berth/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if (write(fd, req, sizeof req - 1) == static_cast<ssize_t>(sizeof req - 1)) {
      char buf[256];
      timeval tv{.tv_sec = 1, .tv_usec = 0};
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ssize_t n = read(fd, buf, sizeof buf - 1);
      ok = n >= 12 && std::memcmp(buf, "HTTP/1.1 200", 12) == 0;
    }
  }
  close(fd);
  return ok;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 5 || std::strcmp(argv[1], "--socket") != 0 || std::strcmp(argv[3], "--") != 0) {
    std::fprintf(stderr, "usage: readytime --socket PATH -- command args...\n");
    return 2;
  }
  std::string path = argv[2];
  unlink(path.c_str());
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {  // the server's log (503s while starting are logged) would mix with our output
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1), dup2(null, 2);
    execvp(argv[4], argv + 4);
    _exit(127);
  }
  int status = 0;
  while (!ready(path)) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      std::fprintf(stderr, "readytime: server exited before it was ready\n");
      return 1;
    }
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(30)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      std::fprintf(stderr, "readytime: not ready after 30 s\n");
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("ready_ms=%.1f\n", ms);
  kill(pid, SIGTERM);
  waitpid(pid, &status, 0);
  return 0;
}
