#include "log/line_writer.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <new>
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

// What the pipe gets within `limit`, read until `want` lines have come.
std::string read_lines(int fd, std::size_t want, std::chrono::milliseconds limit) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')) < want &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5) <= 0) continue;
    char buf[65536];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) out.append(buf, n);
  }
  return out;
}

}  // namespace

TEST_CASE("lines come out whole, newline-terminated and in order") {
  Pipe pipe;
  LineWriter writer(pipe.write_end, 64 * 1024);
  for (int i = 0; i < 100; ++i) writer.push("line " + std::to_string(i));
  writer.stop();
  auto lines = lines_of(pipe.drain());
  REQUIRE(lines.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(lines[i] == "line " + std::to_string(i));
}

TEST_CASE("records are expanded by the writer, in order with the lines around them") {
  Pipe pipe;
  std::atomic<int> expanded_here{0};
  const auto pusher = std::this_thread::get_id();
  LineWriter writer(pipe.write_end, 64 * 1024, {}, [&](std::string_view record, std::string& out) {
    if (std::this_thread::get_id() == pusher) ++expanded_here;
    out.append("expanded(").append(record).append(")");
  });
  for (int i = 0; i < 50; ++i) {
    writer.push("line " + std::to_string(i));
    writer.push_record("r" + std::to_string(i));
  }
  writer.stop();
  writer.push_record("after stop");  // expanded on this thread: the writer thread is gone
  auto lines = lines_of(pipe.drain());
  REQUIRE(lines.size() == 101);
  for (int i = 0; i < 50; ++i) {
    CHECK(lines[2 * i] == "line " + std::to_string(i));
    CHECK(lines[2 * i + 1] == "expanded(r" + std::to_string(i) + ")");
  }
  CHECK(lines[100] == "expanded(after stop)");
  CHECK(expanded_here == 1);  // before stop, on the writer's thread
}

TEST_CASE("a record that cannot be expanded is lost alone") {
  Pipe pipe;
  LineWriter writer(pipe.write_end, 64 * 1024, {}, [](std::string_view record, std::string& out) {
    out.append("partial");
    if (record == "bad") throw std::bad_alloc();
    out.append(record);
  });
  writer.push_record("one");
  writer.push_record("bad");
  writer.push("two");
  writer.stop();
  CHECK(lines_of(pipe.drain()) == std::vector<std::string>{"partialone", "two"});
}

TEST_CASE("a full buffer drops lines without waiting, counts them and reports once drained") {
  Pipe pipe;
  // A pipe holds 64 KiB: lines of 16 KiB fill it after four, then the writer thread blocks in
  // writev and the thread's buffer (room for two, each with a few bytes of framing) fills behind
  // it; from then on lines are dropped.
  LineWriter writer(pipe.write_end, 2 * (16 * 1024 + 8),
                    [](std::uint64_t n) { return "lost " + std::to_string(n); });
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
  CHECK(dropped <= 40 - 2);  // at least the two buffered lines get out

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
    LineWriter writer(pipe.write_end, 1024);
    for (int i = 0; i < 10; ++i) writer.push("x");
    writer.stop();
    auto lines = lines_of(pipe.drain());
    CHECK(lines.size() == 10);
    CHECK(writer.dropped_total() == 0);
  }
  {
    Pipe pipe;
    LineWriter writer(pipe.write_end, 1);  // one line at a time: an empty buffer takes any line
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

TEST_CASE("stop writes out what is buffered; lines pushed after stop are written directly") {
  Pipe pipe;
  LineWriter writer(pipe.write_end, 64 * 1024);
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
    LineWriter writer(pipe.write_end, 1024 * 1024);  // room for all: nothing may be dropped
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

// Prompt: kGatherTime (10 ms) at most, plus scheduling; the bound leaves room for a loaded machine.
TEST_CASE("a line comes out promptly without stop: when the writer is idle, and while it gathers") {
  Pipe pipe;
  LineWriter writer(pipe.write_end, 64 * 1024);
  auto t0 = std::chrono::steady_clock::now();
  writer.push("first");  // the writer was idle: this wakes it
  CHECK(read_lines(pipe.read_end, 1, 2s) == "first\n");
  CHECK(std::chrono::steady_clock::now() - t0 < 250ms);
  // Right after a write the writer gathers: the next line waits at most kGatherTime.
  t0 = std::chrono::steady_clock::now();
  writer.push("second");
  CHECK(read_lines(pipe.read_end, 1, 2s) == "second\n");
  CHECK(std::chrono::steady_clock::now() - t0 < 250ms);
  // And again once it went idle.
  std::this_thread::sleep_for(100ms);
  t0 = std::chrono::steady_clock::now();
  writer.push("third");
  CHECK(read_lines(pipe.read_end, 1, 2s) == "third\n");
  CHECK(std::chrono::steady_clock::now() - t0 < 250ms);
}

TEST_CASE("a buffer passing an eighth of its bound wakes the writer before the gather time") {
  Pipe pipe;
  std::string out;
  std::thread reader([&] {
    char buf[65536];
    for (ssize_t n; (n = ::read(pipe.read_end, buf, sizeof buf)) > 0;) out.append(buf, n);
  });
  // A line of 1 KiB each millisecond: ten gather in kGatherTime, more than the 8 KiB bound, so
  // only the wake-up at 1 KiB keeps every line.
  LineWriter writer(pipe.write_end, 8 * 1024);
  const std::string kib(1023, 'k');
  for (int i = 0; i < 100; ++i) {
    writer.push(kib);
    std::this_thread::sleep_for(1ms);
  }
  writer.stop();
  ::close(pipe.write_end);
  pipe.write_end = -1;
  reader.join();
  CHECK(writer.dropped_total() == 0);
  CHECK(lines_of(out).size() == 100);
}

TEST_CASE("a line longer than the bound still goes out when its buffer is empty") {
  Pipe pipe;
  std::string out;
  std::thread reader([&] {
    char buf[65536];
    for (ssize_t n; (n = ::read(pipe.read_end, buf, sizeof buf)) > 0;) out.append(buf, n);
  });
  LineWriter writer(pipe.write_end, 1024);
  writer.push(std::string(100 * 1024, 'L'));
  writer.stop();
  ::close(pipe.write_end);
  pipe.write_end = -1;
  reader.join();
  CHECK(out == std::string(100 * 1024, 'L') + "\n");
}

TEST_CASE("the lines of a thread that ended are written, and its buffer let go") {
  Pipe pipe;
  LineWriter writer(pipe.write_end, 64 * 1024);
  for (int round = 0; round < 20; ++round)
    std::thread([&, round] { writer.push("from thread " + std::to_string(round)); }).join();
  auto lines = lines_of(read_lines(pipe.read_end, 20, 2s));
  REQUIRE(lines.size() == 20);
  for (int round = 0; round < 20; ++round)
    CHECK(std::count(lines.begin(), lines.end(), "from thread " + std::to_string(round)) == 1);
  writer.stop();
}

TEST_CASE("a thread logging to two writers in turn keeps each writer's lines in order") {
  Pipe first_pipe, second_pipe;
  LineWriter first(first_pipe.write_end, 64 * 1024);
  LineWriter second(second_pipe.write_end, 64 * 1024);
  for (int i = 0; i < 50; ++i) {
    first.push("a" + std::to_string(i));
    second.push("b" + std::to_string(i));
  }
  first.stop();
  second.stop();
  auto a = lines_of(first_pipe.drain());
  auto b = lines_of(second_pipe.drain());
  REQUIRE(a.size() == 50);
  REQUIRE(b.size() == 50);
  for (int i = 0; i < 50; ++i) {
    CHECK(a[i] == "a" + std::to_string(i));
    CHECK(b[i] == "b" + std::to_string(i));
  }
}
