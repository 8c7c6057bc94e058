#pragma once
// What a plugin's SQL may not do (checked by sqlite3_set_authorizer when a statement is
// compiled). The host's own SQL (transactions, pragmas, _berth_migrations) bypasses it.
//
// Denied:
// - ATTACH / DETACH: a plugin reaches only its own database file.
// - BEGIN / COMMIT / ROLLBACK: read() and write() already run in a transaction (write() in a
//   group-commit batch shared with other callers); SAVEPOINT is allowed for nesting, except on
//   the host's own savepoint name.
// - Setting the pragmas the host owns: journal_mode, synchronous, locking_mode, query_only,
//   foreign_keys, busy_timeout, wal_autocheckpoint, journal_size_limit, mmap_size,
//   writable_schema, schema_version, trusted_schema, and the process-wide ones (threads,
//   soft_heap_limit, hard_heap_limit, temp_store_directory, data_store_directory); any
//   wal_checkpoint. Reading them is allowed.
// - Creating, changing, indexing, triggering on or writing tables named _berth_*.
// - load_extension() (extensions are also disabled on the connection).
#include <string>
#include <string_view>

namespace berth::storage {

// The savepoint each write() runs in, inside the batch transaction.
inline constexpr std::string_view kWriteSavepoint = "berth_w";
// Tables with this prefix belong to the host.
inline constexpr std::string_view kReservedPrefix = "_berth_";

// Empty when plugin SQL may do `action` (an SQLITE_* authorizer code) with these arguments,
// else why not.
std::string plugin_denial(int action, const char* arg1, const char* arg2);

}  // namespace berth::storage
