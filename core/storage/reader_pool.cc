#include "storage/reader_pool.h"

namespace berth::storage {

ReaderPool::Lease::~Lease() {
  if (connection_) pool_->release(std::move(connection_));
}

ReaderPool::ReaderPool(SqliteConnectionOptions options, std::size_t max_idle)
    : options_(std::move(options)), max_idle_(max_idle) {
  options_.role = Role::reader;
}

ReaderPool::Lease ReaderPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  // Opened outside the lock: it touches the file system.
  return Lease(*this, std::make_unique<SqliteConnection>(options_));
}

std::size_t ReaderPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

void ReaderPool::release(std::unique_ptr<SqliteConnection> connection) noexcept {
  try {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(std::move(connection));
      return;
    }
  } catch (...) {
  }
  connection.reset();  // outside the lock
}

}  // namespace berth::storage
