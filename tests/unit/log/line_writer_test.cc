#include "log/line_writer.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace {

using berth::log::LineWriter;
using namespace std::chrono_literals;

struct Pipe {
  int read_end = -1, write_end = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    if (read_end >= 0) ::close(read_end);
    if (write_end >= 0) ::close(write_end);
  }
  // Everything written until the write end is closed.
  std::string drain() {
    ::close(write_end);
    write_end = -1;
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = ::read(read_end, buf, sizeof buf)) > 0;) out.append(buf, n);
    return out;
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(text.substr(start, nl - start));
  CHECK(start == text.size());  // every line ends with its newline
  return lines;
}

}  // namespace

TEST_CASE("lines come out whole, newline-terminated and in order") {
  Pipe pipe;
  LineWriter writer(pipe.write_end, 100);
  for (int i = 0; i < 100; ++i) writer.push("line " + std::to_string(i));
  writer.stop();
  auto lines = lines_of(pipe.drain());
  REQUIRE(lines.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(lines[i] == "line " + std::to_string(i));
}

TEST_CASE("a full queue drops lines without waiting, counts them and reports once drained") {
  Pipe pipe;
  // A pipe holds 64 KiB: lines of 16 KiB fill it after four, then the writer thread blocks in
  // writev and the queue (2 slots) fills behind it; from then on lines are dropped.
  LineWriter writer(pipe.write_end, 2, [](std::uint64_t n) { return "lost " + std::to_string(n); });
  const std::string big(16 * 1024, 'x');
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (int i = 0; i < 40; ++i) writer.push(big);
    done = true;
  });
  std::this_thread::sleep_for(500ms);
  CHECK(done.load());  // nobody reads the pipe, and yet every push returned
  producer.join();
  const std::uint64_t dropped = writer.dropped_total();
  CHECK(dropped > 0);
  CHECK(dropped <= 40 - 2);  // at least the two queued slots get out

  std::string out;
  std::thread reader([&] {
    char buf[65536];
    for (ssize_t n; (n = ::read(pipe.read_end, buf, sizeof buf)) > 0;) out.append(buf, n);
  });
  std::this_thread::sleep_for(200ms);  // the writer drains, then reports
  writer.push("after");
  writer.stop();
  ::close(pipe.write_end);
  pipe.write_end = -1;
  reader.join();
  auto lines = lines_of(out);
  REQUIRE(lines.size() == 40 - dropped + 2);
  for (std::size_t i = 0; i + 2 < lines.size(); ++i) CHECK(lines[i] == big);
  CHECK(lines[lines.size() - 2] == "lost " + std::to_string(dropped));  // once, after the backlog
  CHECK(lines.back() == "after");
  CHECK(writer.dropped_total() == dropped);
}

TEST_CASE("without drops there is no notice; the default notice names the count") {
  {
    Pipe pipe;
    LineWriter writer(pipe.write_end, 64);
    for (int i = 0; i < 10; ++i) writer.push("x");
    writer.stop();
    auto lines = lines_of(pipe.drain());
    CHECK(lines.size() == 10);
    CHECK(writer.dropped_total() == 0);
  }
  {
    Pipe pipe;
    LineWriter writer(pipe.write_end, 1);
    const std::string big(40 * 1024, 'y');
    for (int i = 0; i < 10; ++i) writer.push(big);  // the pipe holds one; the rest overflow
    std::string out;
    std::thread reader([&] {
      char buf[65536];
      for (ssize_t n; (n = ::read(pipe.read_end, buf, sizeof buf)) > 0;) out.append(buf, n);
    });
    writer.stop();
    ::close(pipe.write_end);
    pipe.write_end = -1;
    reader.join();
    CHECK(writer.dropped_total() > 0);
    CHECK(out.find("dropped " + std::to_string(writer.dropped_total()) +
                   " log lines while stdout was blocked\n") != std::string::npos);
  }
}

TEST_CASE("stop writes out what is queued; lines pushed after stop are written directly") {
  Pipe pipe;
  LineWriter writer(pipe.write_end, 512);
  writer.push("before");
  writer.stop();
  writer.stop();  // idempotent
  writer.push("after");
  auto lines = lines_of(pipe.drain());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "before");
  CHECK(lines[1] == "after");
}

TEST_CASE("many threads: no line lost, none interleaved") {
  Pipe pipe;
  std::string out;
  std::thread reader([&] {
    char buf[65536];
    for (ssize_t n; (n = ::read(pipe.read_end, buf, sizeof buf)) > 0;) out.append(buf, n);
  });
  {
    LineWriter writer(pipe.write_end, 8 * 500);  // room for all: nothing may be dropped
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 500; ++i)
          writer.push("t" + std::to_string(t) + " " + std::string(100 + i % 300, 'a' + t));
      });
    for (auto& th : threads) th.join();
  }  // the destructor stops the writer after the last line
  ::close(pipe.write_end);
  pipe.write_end = -1;
  reader.join();
  auto lines = lines_of(out);
  REQUIRE(lines.size() == 8 * 500);
  for (const auto& line : lines) {
    const char fill = 'a' + (line[1] - '0');
    CHECK(line.find_first_not_of(fill, line.find(' ') + 1) == std::string::npos);
  }
}
