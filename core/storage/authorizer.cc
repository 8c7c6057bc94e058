#include "storage/authorizer.h"

#include <sqlite3.h>
#include <strings.h>

#include <array>

namespace berth::storage {
namespace {

constexpr std::array kHostPragmas = {"journal_mode",
                                     "synchronous",
                                     "locking_mode",
                                     "query_only",
                                     "foreign_keys",
                                     "busy_timeout",
                                     "wal_autocheckpoint",
                                     "journal_size_limit",
                                     "mmap_size",
                                     "writable_schema",
                                     "schema_version",
                                     "trusted_schema",
                                     "threads",
                                     "soft_heap_limit",
                                     "hard_heap_limit",
                                     "temp_store_directory",
                                     "data_store_directory"};

bool iequals(const char* a, std::string_view b) {
  return a && std::string_view(a).size() == b.size() && strncasecmp(a, b.data(), b.size()) == 0;
}

bool reserved_table(const char* name) {
  return name && std::string_view(name).size() >= kReservedPrefix.size() &&
         strncasecmp(name, kReservedPrefix.data(), kReservedPrefix.size()) == 0;
}

std::string pragma_denial(const char* name, const char* value) {
  if (iequals(name, "wal_checkpoint")) return "PRAGMA wal_checkpoint is managed by the host";
  if (!value) return {};  // reading a setting is harmless
  for (const char* owned : kHostPragmas) {
    if (iequals(name, owned))
      return std::string("PRAGMA ") + owned + " is set by the host and cannot be changed";
  }
  return {};
}

// The argument that names the table an action touches (see the SQLITE_* code table).
const char* table_argument(int action, const char* arg1, const char* arg2) {
  switch (action) {
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TEMP_TABLE:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TEMP_TABLE: return arg1;
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TEMP_INDEX:
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_TEMP_TRIGGER:
    case SQLITE_DROP_TRIGGER:
    case SQLITE_DROP_TEMP_TRIGGER:
    case SQLITE_ALTER_TABLE: return arg2;
    default: return nullptr;
  }
}

}  // namespace

std::string plugin_denial(int action, const char* arg1, const char* arg2) {
  switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
      return "ATTACH and DETACH are not allowed: a plugin's SQL reaches only its own database";
    case SQLITE_TRANSACTION:
      return "BEGIN, COMMIT and ROLLBACK are not allowed: read() and write() already run in a "
             "transaction (use SAVEPOINT to nest)";
    case SQLITE_SAVEPOINT:
      if (iequals(arg2, kWriteSavepoint))
        return "savepoint " + std::string(kWriteSavepoint) + " belongs to the host";
      return {};
    case SQLITE_PRAGMA: return pragma_denial(arg1, arg2);
    case SQLITE_FUNCTION:
      if (iequals(arg2, "load_extension")) return "load_extension() is not allowed";
      return {};
    default: break;
  }
  if (reserved_table(table_argument(action, arg1, arg2))) {
    return "tables named " + std::string(kReservedPrefix) + "* belong to the host (" +
           table_argument(action, arg1, arg2) + ")";
  }
  return {};
}

}  // namespace berth::storage
