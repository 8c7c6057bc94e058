#pragma once
// Reader connections (query_only), opened lazily. A read never waits: when every kept connection
// is busy, acquire() opens one more for that read; on release at most `max_idle` are kept open and
// the rest are closed. Waiting would serialize reads behind each other (and deadlock a read nested
// in a read); a burst above max_idle pays for opening connections instead.
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sqlite_connection.h"

namespace berth::storage {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<SqliteConnection> connection) noexcept
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    SqliteConnection& operator*() const noexcept { return *connection_; }
    SqliteConnection* operator->() const noexcept { return connection_.get(); }
    // Closes the connection instead of returning it (left in an unknown state).
    void discard() noexcept { connection_.reset(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  ReaderPool(SqliteConnectionOptions options, std::size_t max_idle);

  // Throws std::runtime_error when a new connection cannot be opened.
  Lease acquire();
  std::size_t idle() const;

 private:
  void release(std::unique_ptr<SqliteConnection> connection) noexcept;

  SqliteConnectionOptions options_;
  std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
};

}  // namespace berth::storage
