// loadgen: a small HTTP/1.1 keep-alive load generator for berth's benchmarks. wrk speaks TCP only;
// berth's real transport is a Unix socket, so this drives both with the same code.
//
//   loadgen --target unix:/path/sock|tcp:127.0.0.1:8080 -c 64 -d 5 [--method POST --path /notes
//           --body '{"title":"x"}' --status 201 --body-len 19 --warmup 1] [-n REQUESTS]
//
// -n stops after that many responses instead of after -d seconds (no warm-up): a fixed amount of
// work, so a profiler's per-request counts (callgrind, strace -c) divide by a known number.
//
// One thread, epoll, N connections, one request in flight per connection (no pipelining). Every
// response is parsed (status line, Content-Length or chunked) and checked: wrong status, wrong
// body length (when --body-len is given) or a closed connection count as errors. Latency (write of
// the request to the last byte of the response) goes into a log-linear histogram (~0.8 % buckets).
// Output: one line of key=value pairs; exit code 1 if any response was wrong.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Log-linear histogram of nanoseconds: 128 linear sub-buckets per power of two.
struct Histogram {
  static constexpr int kSub = 128;
  std::array<std::uint64_t, 64 * kSub> counts{};
  std::uint64_t total = 0;
  static int index(std::uint64_t v) {
    if (v < kSub) return static_cast<int>(v);
    int msb = 63 - __builtin_clzll(v);  // >= 7
    int shift = msb - 7;
    return (shift + 1) * kSub + static_cast<int>((v >> shift) - kSub);
  }
  static std::uint64_t upper(int i) {  // largest value in bucket i
    if (i < kSub) return i;
    int shift = i / kSub - 1;
    std::uint64_t base = static_cast<std::uint64_t>(kSub + i % kSub) << shift;
    return base + ((1ull << shift) - 1);
  }
  void record(std::uint64_t v) { ++counts[index(v)], ++total; }
  double percentile(double p) const {
    if (total == 0) return 0;
    auto want = static_cast<std::uint64_t>(p / 100.0 * total + 0.5);
    if (want == 0) want = 1;
    std::uint64_t seen = 0;
    for (int i = 0; i < static_cast<int>(counts.size()); ++i)
      if ((seen += counts[i]) >= want) return static_cast<double>(upper(i));
    return 0;
  }
};

struct Options {
  std::string target, method = "GET", path = "/hello", body;
  int connections = 16, status = 200;
  long body_len = -1;
  long requests = 0;  // > 0: stop after this many responses (-n)
  double duration = 5, warmup = 0;
};

struct Conn {
  int fd = -1;
  std::string in;
  std::size_t sent = 0;
  Clock::time_point started;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "loadgen: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(2);
}

int open_conn(const std::string& target) {
  int fd;
  if (target.rfind("unix:", 0) == 0) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::string path = target.substr(5);
    if (path.size() >= sizeof a.sun_path) die("socket path too long");
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) die("connect " + target);
  } else if (target.rfind("tcp:", 0) == 0) {
    std::string hp = target.substr(4);
    auto colon = hp.rfind(':');
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(std::atoi(hp.c_str() + colon + 1)));
    if (colon == std::string::npos || inet_pton(AF_INET, hp.substr(0, colon).c_str(), &a.sin_addr) != 1)
      die("bad target " + target);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) die("connect " + target);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  } else {
    errno = EINVAL;
    die("target must be unix:PATH or tcp:HOST:PORT");
  }
  return fd;  // blocking: writes of one small request complete at once; reads are epoll-driven
}

// Parses one complete response at the front of `in`. Returns its size in bytes, 0 if incomplete,
// -1 if malformed. Sets status and body length.
long parse_response(const std::string& in, int& status, long& body_len) {
  auto head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  if (in.compare(0, 9, "HTTP/1.1 ") != 0 || head_end < 12) return -1;
  status = std::atoi(in.c_str() + 9);
  long content_length = -1;
  bool chunked = false;
  std::size_t pos = in.find("\r\n") + 2;
  while (pos < head_end) {
    auto eol = in.find("\r\n", pos);
    std::string_view line(in.data() + pos, eol - pos);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name(line.substr(0, colon));
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (name == "content-length") content_length = std::atol(std::string(value).c_str());
      if (name == "transfer-encoding" && value.find("chunked") != std::string_view::npos)
        chunked = true;
    }
    pos = eol + 2;
  }
  std::size_t body = head_end + 4;
  if (!chunked) {
    if (content_length < 0) return -1;  // keep-alive needs a length
    if (in.size() < body + content_length) return 0;
    body_len = content_length;
    return static_cast<long>(body + content_length);
  }
  body_len = 0;
  for (;;) {  // chunk-size CRLF data CRLF ... 0 CRLF CRLF (no trailers expected)
    auto eol = in.find("\r\n", body);
    if (eol == std::string::npos) return 0;
    long size = std::strtol(in.c_str() + body, nullptr, 16);
    if (size == 0) return in.size() < eol + 4 ? 0 : static_cast<long>(eol + 4);
    if (in.size() < eol + 2 + size + 2) return 0;
    body_len += size;
    body = eol + 2 + size + 2;
  }
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) { std::fprintf(stderr, "loadgen: %s needs a value\n", a.c_str()); std::exit(2); }
      return argv[++i];
    };
    if (a == "--target") o.target = next();
    else if (a == "-c") o.connections = std::atoi(next().c_str());
    else if (a == "-d") o.duration = std::atof(next().c_str());
    else if (a == "--warmup") o.warmup = std::atof(next().c_str());
    else if (a == "--method") o.method = next();
    else if (a == "--path") o.path = next();
    else if (a == "--body") o.body = next();
    else if (a == "--status") o.status = std::atoi(next().c_str());
    else if (a == "--body-len") o.body_len = std::atol(next().c_str());
    else if (a == "-n") o.requests = std::atol(next().c_str());
    else { std::fprintf(stderr, "loadgen: unknown argument %s\n", a.c_str()); std::exit(2); }
  }
  if (o.target.empty() || o.connections < 1 || o.duration <= 0) {
    std::fprintf(stderr, "usage: loadgen --target unix:PATH|tcp:HOST:PORT [-c N] [-d SEC] ...\n");
    std::exit(2);
  }
  if (o.requests > 0) o.duration = 24 * 3600, o.warmup = 0;  // -n bounds the run instead
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_args(argc, argv);
  std::string request = o.method + " " + o.path + " HTTP/1.1\r\nHost: localhost\r\n";
  if (!o.body.empty() || o.method == "POST")
    request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(o.body.size()) + "\r\n";
  request += "\r\n" + o.body;

  int ep = epoll_create1(EPOLL_CLOEXEC);
  std::vector<Conn> conns(o.connections);
  Histogram hist;
  std::uint64_t ok = 0, bad_status = 0, bad_len = 0, closed = 0, reconnects = 0;
  std::uint64_t answered = 0, sent = static_cast<std::uint64_t>(o.connections);
  bool measuring = o.warmup <= 0;

  auto send_request = [&](Conn& c) {
    c.started = Clock::now();
    const char* p = request.data();
    std::size_t left = request.size();
    while (left > 0) {
      ssize_t n = send(c.fd, p, left, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      p += n, left -= static_cast<std::size_t>(n);
    }
    return true;
  };
  auto connect_one = [&](int i) {
    Conn& c = conns[i];
    c.fd = open_conn(o.target);
    c.in.clear();
    epoll_event ev{.events = EPOLLIN, .data = {.u32 = static_cast<std::uint32_t>(i)}};
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    if (!send_request(c)) die("send");
  };
  for (int i = 0; i < o.connections; ++i) connect_one(i);

  auto start = Clock::now();
  auto measure_start = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
  auto end = measure_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration));
  std::vector<epoll_event> events(o.connections);
  char buf[65536];
  for (;;) {
    auto now = Clock::now();
    if (now >= end) break;
    if (!measuring && now >= measure_start) measuring = true;
    int timeout = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(end - now).count()) + 1;
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), timeout);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) die("epoll_wait");
    for (int k = 0; k < n; ++k) {
      int i = static_cast<int>(events[k].data.u32);
      Conn& c = conns[i];
      ssize_t r = recv(c.fd, buf, sizeof buf, 0);
      if (r <= 0) {  // the server closed a keep-alive connection: an error, then reconnect
        if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (measuring) ++closed;
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        ++reconnects;
        connect_one(i);
        continue;
      }
      c.in.append(buf, static_cast<std::size_t>(r));
      int status = 0;
      long body_len = 0;
      long used = parse_response(c.in, status, body_len);
      if (used == 0) continue;
      auto done = Clock::now();
      if (used < 0) {
        std::fprintf(stderr, "loadgen: malformed response: %.200s\n", c.in.c_str());
        std::exit(1);
      }
      if (static_cast<std::size_t>(used) != c.in.size()) {  // one request in flight: nothing extra
        std::fprintf(stderr, "loadgen: unexpected bytes after a response\n");
        std::exit(1);
      }
      if (measuring) {
        if (status != o.status) {
          if (bad_status++ == 0) std::fprintf(stderr, "loadgen: status %d: %.300s\n", status, c.in.c_str());
        } else if (o.body_len >= 0 && body_len != o.body_len) {
          if (bad_len++ == 0) std::fprintf(stderr, "loadgen: body length %ld: %.300s\n", body_len, c.in.c_str());
        } else {
          ++ok;
          hist.record(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(done - c.started).count()));
        }
      }
      c.in.clear();
      ++answered;
      const bool more = o.requests <= 0 ? done < end : sent < static_cast<std::uint64_t>(o.requests);
      if (more) {
        ++sent;
        if (!send_request(c)) die("send");
      }
    }
    if (o.requests > 0 && answered >= sent) break;
  }
  double seconds = std::chrono::duration<double>(Clock::now() - measure_start).count();
  std::uint64_t errors = bad_status + bad_len + closed;
  // answered: every response, warm-up included (what a server's CPU time for the run divides by).
  std::printf("requests=%llu rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%llu bad_status=%llu bad_len=%llu closed=%llu answered=%llu\n",
              static_cast<unsigned long long>(ok), ok / seconds, hist.percentile(50) / 1e6,
              hist.percentile(99) / 1e6, hist.percentile(100) / 1e6,
              static_cast<unsigned long long>(errors), static_cast<unsigned long long>(bad_status),
              static_cast<unsigned long long>(bad_len), static_cast<unsigned long long>(closed),
              static_cast<unsigned long long>(answered));
  for (auto& c : conns) close(c.fd);
  return errors == 0 ? 0 : 1;
}
