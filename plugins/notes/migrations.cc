#include "migrations.h"

namespace notes {

std::vector<berth::Migration> migrations() {
  // v1: AUTOINCREMENT so that an id is never reused, even after the newest note is deleted: an
  // old ETag or cursor can never point at a different note. No index beyond the primary key:
  // listing walks ids downward (keyset on the rowid) and search scans anyway (LIKE '%q%' cannot use
  // an index).
  berth::Migration v1{.version = 1,
                      .sql =
                          "CREATE TABLE notes(\n"
                          "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                          "  title TEXT NOT NULL,\n"
                          "  body TEXT NOT NULL DEFAULT '',\n"
                          "  revision INTEGER NOT NULL DEFAULT 1,\n"
                          "  created TEXT NOT NULL,\n"
                          "  updated TEXT NOT NULL\n"
                          ");\n"};
  // v2: tags as the text of a JSON array of strings.
  berth::Migration v2{.version = 2,
                      .sql = "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';\n"};
  return {v1, v2};
}

}  // namespace notes
