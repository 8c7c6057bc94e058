#pragma once
// Prepared statements of one connection, keyed by their SQL text, least recently used evicted
// first. Not thread-safe: a connection is used by one thread at a time.
#include <sqlite3.h>

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace berth::storage {

struct StatementDeleter {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

class StatementCache {
 public:
  explicit StatementCache(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

  // The cached statement for `sql`, now the most recently used; null when absent.
  sqlite3_stmt* find(std::string_view sql);
  // Takes ownership; may finalize the least recently used entry. Returns the statement.
  sqlite3_stmt* insert(std::string_view sql, StatementPtr stmt);
  void clear() noexcept;
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    std::string sql;
    StatementPtr stmt;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using List = std::list<Entry>;

  std::size_t capacity_;
  List entries_;  // front: most recently used
  std::unordered_map<std::string, List::iterator, Hash, std::equal_to<>> index_;
};

}  // namespace berth::storage
