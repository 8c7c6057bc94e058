#include "process.h"

#include "support/temp_dir.h"

#include <doctest/doctest.h>
#include <signal.h>

#include <thread>

using namespace runner;
using namespace std::chrono_literals;

namespace {
struct Lines {
  std::vector<std::string> all;
  LineSink sink() {
    return [this](std::string_view stream, std::string_view line) {
      all.push_back(std::string(stream) + ":" + std::string(line));
    };
  }
};
}  // namespace

TEST_CASE("stdout and stderr lines and the exit code come back") {
  Lines lines;
  std::stop_source stop;
  auto r = run_process({"sh", "-c", "echo one; echo two >&2; printf three; exit 3"},
                       stop.get_token(), 10s, lines.sink());
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.stopped);
  std::sort(lines.all.begin(), lines.all.end());
  CHECK(lines.all == std::vector<std::string>{"stderr:two", "stdout:one", "stdout:three"});
}

TEST_CASE("stop kills the whole process group, grandchildren included") {
  berth::test::TempDir dir;
  auto pidfile = (dir / "grandchild.pid").string();
  Lines lines;
  std::stop_source stop;
  std::thread canceller([&] {
    for (int i = 0; i < 200 && !std::filesystem::exists(pidfile); ++i)
      std::this_thread::sleep_for(10ms);
    stop.request_stop();
  });
  auto start = std::chrono::steady_clock::now();
  // The grandchild ignores nothing special: it dies with its group.
  auto r = run_process({"sh", "-c", "sleep 30 & echo $! > " + pidfile + "; wait"}, stop.get_token(),
                       60s, lines.sink());
  canceller.join();
  CHECK(r.stopped);
  CHECK(r.signal == SIGTERM);
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  int grandchild = std::stoi(berth::test::read_file(pidfile));
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = ::kill(grandchild, 0) != 0;
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  CHECK(gone);
}

TEST_CASE("a command that ignores SIGTERM is killed after the grace period; timeout is reported") {
  Lines lines;
  std::stop_source stop;
  auto r = run_process({"sh", "-c", "trap '' TERM; sleep 30"}, stop.get_token(), 200ms,
                       lines.sink(), 300ms);
  CHECK(r.timed_out);
  CHECK(r.signal == SIGKILL);
}

TEST_CASE("a command that cannot start says so") {
  std::stop_source stop;
  CHECK_THROWS_WITH(run_process({"/no/such/program"}, stop.get_token(), 1s, Lines().sink()),
                    "cannot start '/no/such/program': No such file or directory");
}
