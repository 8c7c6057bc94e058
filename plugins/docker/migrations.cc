#include "migrations.h"

namespace docker_plugin {

const std::vector<berth::Migration>& migrations() {
  static const std::vector<berth::Migration> kMigrations = {
      {1,
       // UNIQUE: the engine replays the boundary instant on resume; a replay is not an event.
       "CREATE TABLE events(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
       " time_nano INTEGER NOT NULL, action TEXT NOT NULL, container_id TEXT NOT NULL,"
       " name TEXT NOT NULL DEFAULT '', image TEXT NOT NULL DEFAULT '',"
       " attributes TEXT NOT NULL DEFAULT '{}', UNIQUE(time_nano, container_id, action));"
       "CREATE INDEX events_time ON events(time_nano);"
       "CREATE TABLE volume_sizes(name TEXT PRIMARY KEY, size_bytes INTEGER,"
       " ref_count INTEGER);"
       "CREATE TABLE volume_scan(id INTEGER PRIMARY KEY CHECK (id = 1),"
       " measured_at TEXT NOT NULL, job_id TEXT NOT NULL);"},
  };
  return kMigrations;
}

}  // namespace docker_plugin
