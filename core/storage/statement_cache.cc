#include "storage/statement_cache.h"

namespace berth::storage {

sqlite3_stmt* StatementCache::find(std::string_view sql) {
  auto it = index_.find(sql);
  if (it == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->stmt.get();
}

sqlite3_stmt* StatementCache::insert(std::string_view sql, StatementPtr stmt) {
  if (auto* existing = find(sql)) return existing;
  while (entries_.size() >= capacity_) {
    index_.erase(entries_.back().sql);
    entries_.pop_back();
  }
  entries_.push_front(Entry{std::string(sql), std::move(stmt)});
  index_.emplace(entries_.front().sql, entries_.begin());
  return entries_.front().stmt.get();
}

void StatementCache::clear() noexcept {
  index_.clear();
  entries_.clear();
}

}  // namespace berth::storage
