#include "storage/group_commit.h"

#include <chrono>

#include <vector>

#include "storage/authorizer.h"
#include "storage/callback_scope.h"

namespace berth::storage {
namespace {

const std::string kSavepoint = "SAVEPOINT " + std::string(kWriteSavepoint);
const std::string kRelease = "RELEASE " + std::string(kWriteSavepoint);
const std::string kRollbackTo = "ROLLBACK TO " + std::string(kWriteSavepoint);

}  // namespace

GroupCommit::GroupCommit(SqliteConnection& writer, std::size_t max_batch,
                         DatabaseCounters& counters, const void* owner)
    : writer_(writer),
      max_batch_(max_batch ? max_batch : 1),
      counters_(counters),
      owner_(owner),
      thread_([this] { loop(); }) {}

GroupCommit::~GroupCommit() {
  stop();
}

std::string GroupCommit::write(const Work& work) noexcept {
  Item item;
  item.work = &work;
  return submit(item);
}

std::string GroupCommit::exclusive(const Task& task) noexcept {
  Item item;
  item.task = &task;
  return submit(item);
}

void GroupCommit::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  // Callers woken by the last batch may not have left submit() yet: wait, so that the object
  // can be destroyed right after.
  std::unique_lock lock(mutex_);
  done_cv_.wait(lock, [&] { return callers_ == 0; });
}

std::size_t GroupCommit::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::string GroupCommit::submit(Item& item) noexcept {
  try {
    std::unique_lock lock(mutex_);
    if (stopping_) return "the storage is closed";
    queue_.push_back(&item);
    ++callers_;
    work_cv_.notify_one();
    done_cv_.wait(lock, [&] { return item.done; });
    if (--callers_ == 0 && stopping_) done_cv_.notify_all();
    return std::move(item.error);
  } catch (const std::exception& e) {
    return e.what();  // only a failed push_back (before the item was queued) can get here
  }
}

void GroupCommit::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued has been run
    std::vector<Item*> batch = take_batch();
    lock.unlock();
    if (batch.front()->task) {
      run_task(*batch.front());
    } else {
      run_batch(batch);
    }
    lock.lock();
    for (Item* item : batch) item->done = true;
    done_cv_.notify_all();
  }
}

std::vector<GroupCommit::Item*> GroupCommit::take_batch() {
  std::vector<Item*> batch;
  if (queue_.front()->task) {
    batch.push_back(queue_.front());
    queue_.pop_front();
    return batch;
  }
  while (!queue_.empty() && !queue_.front()->task && batch.size() < max_batch_) {
    batch.push_back(queue_.front());
    queue_.pop_front();
  }
  return batch;
}

void GroupCommit::run_task(Item& item) {
  CallbackScope scope(owner_);
  item.error = (*item.task)(writer_);
  // A task must leave no transaction open: the next batch's BEGIN would fail.
  if (writer_.in_transaction()) writer_.exec_host("ROLLBACK");
}

void GroupCommit::run_batch(std::span<Item*> batch) {
  counters_.add(counters_.writes, batch.size());
  counters_.batch_size.observe(batch.size());
  std::size_t begin = 0;  // first item of the current transaction
  bool open = false;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!open) {
      if (auto error = writer_.exec_host("BEGIN IMMEDIATE"); !error.empty()) {
        fail(batch.subspan(i), "cannot start a write transaction: " + error);
        return;
      }
      begin = i;
      open = true;
    }
    if (!run_work(*batch[i])) counters_.add(counters_.failed_writes);
    if (!writer_.in_transaction()) {
      // SQLite rolled the whole transaction back: earlier works of it are gone too.
      std::string reason = writer_.last_error().empty() ? "unknown error" : writer_.last_error();
      if (batch[i]->error.empty()) batch[i]->error = "the write was rolled back: " + reason;
      fail(batch.subspan(begin, i - begin),
           "the write was rolled back with its batch, which a later write in it ended: " + reason);
      counters_.add(counters_.batches);
      open = false;
    }
  }
  if (open) {
    counters_.add(counters_.batches);
    if (auto error = commit(); !error.empty())
      fail(batch.subspan(begin), "commit failed: " + error);
  }
}

bool GroupCommit::run_work(Item& item) {
  if (auto error = writer_.exec_host(kSavepoint); !error.empty()) {
    item.error = error;
    return false;
  }
  bool ok;
  {
    CallbackScope scope(owner_);
    ok = (*item.work)(writer_);
  }
  if (!writer_.in_transaction()) return false;
  if (ok) {
    if (auto error = writer_.exec_host(kRelease); error.empty()) return true;
  }
  writer_.exec_host(kRollbackTo);
  writer_.exec_host(kRelease);
  // The caller rethrows its own exception; this reason is for a work that failed without one.
  item.error = "the write failed and was rolled back";
  return false;
}

void GroupCommit::fail(std::span<Item*> items, const std::string& error) {
  for (Item* item : items) {
    if (!item->error.empty()) continue;
    item->error = error;
    counters_.add(counters_.failed_writes);
  }
}

std::string GroupCommit::commit() {
  const auto start = std::chrono::steady_clock::now();
  std::string error = writer_.exec_host("COMMIT");
  counters_.commit_ns.observe(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count()));
  if (!error.empty() && writer_.in_transaction()) writer_.exec_host("ROLLBACK");
  return error;
}

}  // namespace berth::storage
