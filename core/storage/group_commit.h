#pragma once
// The single writer thread. Callers queue their work and block; the thread takes everything
// queued (up to max_batch) and runs it in one transaction, each caller's work in a SAVEPOINT of
// its own, so one fsync makes a whole batch durable. A failing work rolls back only its
// savepoint. Batches form by themselves: while one commits, the next callers queue up; there is
// no waiting to fill a batch.
//
// If the transaction ends under a work (ON CONFLICT ROLLBACK, RAISE(ROLLBACK), I/O error), the
// works already run in it are lost with it: their callers get an error saying so, and the rest of
// the queue continues in a new transaction. If COMMIT fails, every caller of the batch gets the
// error and nothing of the batch is applied.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "storage/database_counters.h"
#include "storage/sqlite_connection.h"

namespace berth::storage {

class GroupCommit {
 public:
  using Work = std::function<bool(Db&)>;
  // Runs alone on the writer connection, outside any transaction (migrations, pragmas).
  using Task = std::function<std::string(SqliteConnection&)>;

  // `owner` identifies the storage for CallbackScope: work and tasks run inside its scope.
  GroupCommit(SqliteConnection& writer, std::size_t max_batch, DatabaseCounters& counters,
              const void* owner);
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Block until the work is committed (empty) or has failed (the reason).
  std::string write(const Work& work) noexcept;
  std::string exclusive(const Task& task) noexcept;

  // Finishes everything queued, stops the thread and waits for the callers to return. Later
  // calls fail.
  void stop() noexcept;
  // Writes and tasks waiting for the writer thread (not counting the batch it is running).
  std::size_t queued() const;

 private:
  struct Item {
    const Work* work = nullptr;
    const Task* task = nullptr;
    std::string error;
    bool done = false;
  };

  std::string submit(Item& item) noexcept;
  void loop();
  std::vector<Item*> take_batch();
  void run_task(Item& item);
  void run_batch(std::span<Item*> batch);
  // Runs one work in its savepoint; false when it must count as failed.
  bool run_work(Item& item);
  void fail(std::span<Item*> items, const std::string& error);
  // COMMIT, or ROLLBACK and the reason COMMIT failed.
  std::string commit();

  SqliteConnection& writer_;
  std::size_t max_batch_;
  DatabaseCounters& counters_;
  const void* owner_;

  mutable std::mutex mutex_;
  std::condition_variable work_cv_;  // the thread waits for work
  std::condition_variable done_cv_;  // callers wait for their item
  std::deque<Item*> queue_;
  std::size_t callers_ = 0;  // inside submit(), queued or waiting for their outcome
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace berth::storage
