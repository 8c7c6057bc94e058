// The HTTP worker pool starts threads only as work needs them, never more than its limit.
#include "http/request_workers.h"
#include "support/eventually.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <thread>

using namespace berth::http;
using berth::test::eventually;

namespace {

// Blocks its worker until `release` is set.
struct Blocker final : Runnable {
  std::shared_future<void> release;
  std::atomic<int>* running;
  Blocker(std::shared_future<void> r, std::atomic<int>* n) : release(std::move(r)), running(n) {}
  void run() noexcept override {
    ++*running;
    release.wait();
    --*running;
  }
};

}  // namespace

TEST_CASE("an idle pool holds no threads; busy, it grows to its limit and queues the rest") {
  RequestWorkers pool;
  pool.start(3, 10);
  CHECK(pool.threads() == 0);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> running{0};
  for (int i = 0; i < 5; ++i) REQUIRE(pool.submit(std::make_shared<Blocker>(released, &running)));
  CHECK(eventually([&] { return running.load() == 3; }));
  CHECK(pool.threads() == 3);  // the other two wait in the queue
  release.set_value();
  CHECK(eventually([&] { return running.load() == 0; }));
  CHECK(pool.threads() == 3);  // threads stay once started
  pool.stop();
}

TEST_CASE("a full queue refuses work") {
  RequestWorkers pool;
  pool.start(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> running{0};
  REQUIRE(pool.submit(std::make_shared<Blocker>(released, &running)));
  REQUIRE(eventually([&] { return running.load() == 1; }));
  CHECK(pool.submit(std::make_shared<Blocker>(released, &running)));        // queued
  CHECK_FALSE(pool.submit(std::make_shared<Blocker>(released, &running)));  // queue full
  release.set_value();
  pool.stop();
}
