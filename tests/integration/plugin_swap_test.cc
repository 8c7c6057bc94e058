// watch_plugins: a plugin library rebuilt while the host serves is swapped in (written in place
// or renamed over), requests in flight finish on the old instance, which is unloaded once drained;
// a rebuild that fails leaves the old one serving with the reason in /_berth/plugins.
#include "berth_host.h"
#include "support/eventually.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>

using namespace berth::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

enum class Rebuild { in_place, rename_over };

class SwapHost {
 public:
  explicit SwapHost(const std::string& first_build = "swappable_1") {
    fs::create_directories(lib_dir());
    install(first_build, Rebuild::rename_over);
    host_.emplace(
        HostOptions{.plugins_yaml = "  - name: swappable\n    path: " + library().string() + "\n",
                    .extra_yaml = "watch_plugins: true\n"});
  }

  BerthHost& host() { return *host_; }
  fs::path lib_dir() const { return dir_ / "lib"; }
  fs::path library() const { return lib_dir() / "swappable.so"; }

  // What a rebuild does to the library: cp writes it in place, a linker or `install` renames a
  // new file over it.
  void install(const std::string& build, Rebuild how) const {
    const std::string bytes = read_file(build_path("fixtures") / (build + ".so"));
    install_bytes(bytes, how);
  }
  void install_bytes(const std::string& bytes, Rebuild how) const {
    if (how == Rebuild::in_place) {
      write_file(library(), bytes);
      return;
    }
    write_file(lib_dir() / ".swappable.so.new", bytes);
    fs::rename(lib_dir() / ".swappable.so.new", library());
  }

  std::string generation() {
    auto r = host_->client().get("/swappable/generation");
    return r.status == 200 ? r.json()["generation"].get<std::string>() : "";
  }
  bool serves(const std::string& generation) {
    return eventually([&] { return this->generation() == generation; }, 10s, 10ms);
  }
  nlohmann::json status() {
    const nlohmann::json plugins = host_->client().get("/_berth/plugins").json()["plugins"];
    for (const auto& p : plugins)
      if (p["name"] == "swappable") return p;
    return nullptr;
  }
  // The private copies of the library the host has mapped (each load is one, deleted from the
  // folder once loaded).
  std::set<std::string> mapped_copies() {
    std::ifstream maps("/proc/" + std::to_string(host_->process().pid()) + "/maps");
    std::set<std::string> copies;
    std::string line;
    while (std::getline(maps, line))
      if (auto at = line.find("/.swappable.so.berth-"); at != std::string::npos)
        copies.insert(line.substr(line.find('/')));
    return copies;
  }
  // The status follows the routes: a new instance serves a moment before its status says so.
  bool swaps_reach(int count) {
    return eventually([&] { return status()["swaps"] == count; }, 10s, 10ms);
  }
  bool one_copy_mapped() {
    return eventually([&] { return mapped_copies().size() == 1; }, 10s, 10ms);
  }

 private:
  TempDir dir_{"berth-swap"};
  std::optional<BerthHost> host_;
};

}  // namespace

TEST_CASE("a rebuilt library is swapped in; a request in flight finishes on the old instance") {
  SwapHost swap;
  REQUIRE(swap.generation() == "1");
  CHECK(swap.status()["swaps"] == 0);
  CHECK(swap.status()["path"] == swap.library().string());
  CHECK(swap.one_copy_mapped());
  const auto before = swap.mapped_copies();

  auto slow = std::async(std::launch::async,
                         [&] { return swap.host().client().get("/swappable/slow?ms=1500"); });
  std::this_thread::sleep_for(200ms);  // the slow request is in the old instance's handler
  swap.install("swappable_2", Rebuild::in_place);
  REQUIRE(swap.serves("2"));
  auto finished = slow.get();
  REQUIRE(finished.status == 200);
  CHECK(finished.json()["generation"] == "1");

  REQUIRE(swap.swaps_reach(1));
  auto status = swap.status();
  CHECK(status["status"] == "running");
  CHECK(status["version"] == "2.0.0");
  CHECK(status["swap_error"].is_null());
  // The old library is unloaded once its request finished: one copy mapped, not the first one.
  CHECK(swap.one_copy_mapped());
  CHECK(swap.mapped_copies() != before);
  CHECK(swap.host().log_lines("plugin library swapped", 1).size() == 1);
}

TEST_CASE("20 rebuilds under load: no request fails, and only the last build stays loaded") {
  SwapHost swap;
  REQUIRE(swap.generation() == "1");
  std::atomic<bool> stop{false};
  std::atomic<long> answered{0};
  std::mutex failures_mu;
  std::vector<std::string> failures;
  std::vector<std::thread> load;
  for (int i = 0; i < 3; ++i) {
    load.emplace_back([&, i] {
      auto client = swap.host().client();
      while (!stop) {
        // Two of the clients keep their connection; one opens a new one per request.
        auto r = i == 2 ? swap.host().client().get("/swappable/generation")
                        : client.get("/swappable/generation");
        ++answered;
        if (r.status != 200) {
          std::lock_guard lock(failures_mu);
          failures.push_back(std::to_string(r.status) + " " + r.body + r.error);
        }
      }
    });
  }
  for (int i = 1; i <= 20; ++i) {
    const bool even = i % 2 == 0;
    swap.install(even ? "swappable_1" : "swappable_2",
                 even ? Rebuild::rename_over : Rebuild::in_place);
    CAPTURE(i);
    REQUIRE(swap.serves(even ? "1" : "2"));
  }
  stop = true;
  for (auto& t : load) t.join();
  CHECK(failures.empty());
  if (!failures.empty()) MESSAGE("first failure: ", failures.front());
  CHECK(answered > 1000);
  CHECK(swap.swaps_reach(20));
  CHECK(swap.one_copy_mapped());
  CHECK(swap.host().log_lines("plugin library swapped", 20).size() == 20);
}

TEST_CASE("a rebuild that fails its checks or registration leaves the old instance serving") {
  SwapHost swap;
  REQUIRE(swap.generation() == "1");
  const std::string good = read_file(build_path("fixtures") / "swappable_2.so");

  // Cut short, as a build that failed half-way leaves it: the loader refuses it.
  swap.install_bytes(good.substr(0, good.size() / 3), Rebuild::in_place);
  REQUIRE(eventually([&] { return !swap.status()["swap_error"].is_null(); }, 10s, 10ms));
  CHECK(swap.status()["swap_error"].get<std::string>().find("incomplete shared library") !=
        std::string::npos);
  CHECK(swap.generation() == "1");

  // Loads, but its registration fails.
  swap.install("swappable_refused", Rebuild::rename_over);
  REQUIRE(eventually(
      [&] {
        auto error = swap.status()["swap_error"];
        return error.is_string() &&
               error.get<std::string>().find("refuses to register") != std::string::npos;
      },
      10s, 10ms));
  auto status = swap.status();
  CHECK(status["status"] == "running");
  CHECK(status["version"] == "1.0.0");
  CHECK(status["swaps"] == 0);
  CHECK(swap.generation() == "1");
  CHECK(swap.host()
            .log_lines("rebuilt plugin library refused; the running instance keeps serving", 2)
            .size() == 2);
  CHECK(swap.one_copy_mapped());  // the refused builds are unloaded

  swap.install("swappable_2", Rebuild::rename_over);
  REQUIRE(swap.serves("2"));
  REQUIRE(swap.swaps_reach(1));
  CHECK(swap.status()["swap_error"].is_null());
}

TEST_CASE("a plugin whose first build failed starts once it is rebuilt") {
  SwapHost swap("swappable_refused");
  REQUIRE(swap.status()["status"] == "failed");
  CHECK(swap.host().client().get("/swappable/generation").status == 503);
  swap.install("swappable_1", Rebuild::in_place);
  REQUIRE(swap.serves("1"));
  CHECK(eventually([&] { return swap.status()["status"] == "running"; }, 10s, 10ms));
  CHECK(swap.status()["error"].is_null());
}
