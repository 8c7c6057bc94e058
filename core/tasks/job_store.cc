#include "tasks/job_store.h"

#include <berth/json_depth.h>

#include <algorithm>
#include <stdexcept>

namespace berth::tasks {
namespace {

// Ids are time-ordered, so `ORDER BY id` is creation order. `requeue` marks interrupted resumable
// jobs that run again when their plugin starts; `log_seq` is the seq of the newest stored line.
const std::vector<berth::Migration> kMigrations = {
    {1, R"sql(
CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  plugin      TEXT NOT NULL,
  name        TEXT NOT NULL,
  params      TEXT NOT NULL,
  state       TEXT NOT NULL,
  progress    REAL NOT NULL DEFAULT 0,
  message     TEXT NOT NULL DEFAULT '',
  result      TEXT,
  error       TEXT,
  created_ms  INTEGER NOT NULL,
  started_ms  INTEGER,
  finished_ms INTEGER,
  attempt     INTEGER NOT NULL DEFAULT 1,
  resumable   INTEGER NOT NULL DEFAULT 0,
  requeue     INTEGER NOT NULL DEFAULT 0,
  version     INTEGER NOT NULL DEFAULT 1,
  log_seq     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_by_state ON jobs(state, id);
CREATE INDEX jobs_by_plugin ON jobs(plugin, id);
CREATE TABLE job_log (
  job_id TEXT NOT NULL,
  seq    INTEGER NOT NULL,
  line   TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
)sql"},
};

constexpr const char* kColumns =
    "id, plugin, name, params, state, progress, message, result, error, created_ms, started_ms, "
    "finished_ms, attempt, resumable, requeue, version, log_seq";

// The columns of a listing: params and result only when asked, since they can be large.
std::string list_columns(const JobDetail& include) {
  return std::string("id, plugin, name, ") + (include.params ? "params" : "NULL AS params") +
         ", state, progress, message, " + (include.result ? "result" : "NULL AS result") +
         ", error, created_ms, started_ms, finished_ms, attempt, resumable, requeue, version, "
         "log_seq";
}

std::int64_t as_int(const berth::Row& row, const char* key) {
  const auto& v = row.at(key);
  return v.is_number() ? v.get<std::int64_t>() : 0;
}

std::optional<std::int64_t> as_opt_int(const berth::Row& row, const char* key) {
  const auto& v = row.at(key);
  if (!v.is_number()) return std::nullopt;
  return v.get<std::int64_t>();
}

std::string as_text(const berth::Row& row, const char* key) {
  const auto& v = row.at(key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

// A corrupt JSON column reads as null rather than making the job unreadable; so does one nested
// too deeply to copy safely (stored by an older berth, or written by hand).
nlohmann::json parse_json(const berth::Row& row, const char* key) {
  const auto& v = row.at(key);
  if (!v.is_string()) return nullptr;
  const auto& text = v.get_ref<const std::string&>();
  if (berth::json_nests_deeper_than(text, berth::kMaxJsonDepthCeiling)) return nullptr;
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

JobRecord from_row(const berth::Row& row) {
  JobRecord r;
  r.id = as_text(row, "id");
  r.plugin = as_text(row, "plugin");
  r.name = as_text(row, "name");
  r.params = parse_json(row, "params");
  r.state = parse_job_state(as_text(row, "state")).value_or(JobState::interrupted);
  r.progress = row.at("progress").is_number() ? row.at("progress").get<double>() : 0.0;
  r.message = as_text(row, "message");
  r.result = parse_json(row, "result");
  if (row.at("error").is_string()) r.error = row.at("error").get<std::string>();
  r.created_ms = as_int(row, "created_ms");
  r.started_ms = as_opt_int(row, "started_ms");
  r.finished_ms = as_opt_int(row, "finished_ms");
  r.attempt = static_cast<int>(as_int(row, "attempt"));
  r.resumable = as_int(row, "resumable") != 0;
  r.requeue = as_int(row, "requeue") != 0;
  r.version = static_cast<std::uint64_t>(as_int(row, "version"));
  r.log_seq = static_cast<std::uint64_t>(as_int(row, "log_seq"));
  return r;
}

berth::Value json_or_null(const nlohmann::json& j) {
  if (j.is_null()) return nullptr;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::int64_t i64(std::uint64_t v) {
  return static_cast<std::int64_t>(v);
}

}  // namespace

JobStore::JobStore(berth::Storage& db, int log_tail_lines)
    : db_(db), log_tail_lines_(std::max(1, log_tail_lines)) {
  try {
    db_.migrate(kMigrations);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot prepare the jobs tables in the host database: ") +
                             e.what());
  }
}

void JobStore::insert(const JobRecord& job) {
  db_.write([&](berth::Db& db) {
    db.exec(
        "INSERT INTO jobs (id, plugin, name, params, state, progress, message, created_ms, "
        "attempt, resumable, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {job.id, job.plugin, job.name, json_or_null(job.params), to_string(job.state), job.progress,
         job.message, job.created_ms, job.attempt, job.resumable, i64(job.version)});
  });
}

void JobStore::save(const JobRecord& job) {
  db_.write([&](berth::Db& db) {
    auto stored = db.query_one("SELECT log_seq FROM jobs WHERE id = ?", {job.id});
    if (!stored) throw berth::StorageError("job " + job.id + " is not in the database");
    db.exec(
        "UPDATE jobs SET state = ?, progress = ?, message = ?, result = ?, error = ?, "
        "started_ms = ?, finished_ms = ?, attempt = ?, requeue = ?, version = ?, log_seq = ? "
        "WHERE id = ?",
        {to_string(job.state), job.progress, job.message, json_or_null(job.result), job.error,
         job.started_ms, job.finished_ms, job.attempt, job.requeue, i64(job.version),
         i64(job.log_seq), job.id});
    write_log(db, job, static_cast<std::uint64_t>(as_int(*stored, "log_seq")));
  });
}

void JobStore::save_progress(const std::vector<JobRecord>& jobs) {
  if (jobs.empty()) return;
  db_.write([&](berth::Db& db) {
    for (const auto& job : jobs) {
      auto stored = db.query_one("SELECT version, log_seq FROM jobs WHERE id = ?", {job.id});
      if (!stored || static_cast<std::uint64_t>(as_int(*stored, "version")) >= job.version)
        continue;
      db.exec("UPDATE jobs SET progress = ?, message = ?, version = ?, log_seq = ? WHERE id = ?",
              {job.progress, job.message, i64(job.version), i64(job.log_seq), job.id});
      write_log(db, job, static_cast<std::uint64_t>(as_int(*stored, "log_seq")));
    }
  });
}

void JobStore::write_log(berth::Db& db, const JobRecord& job, std::uint64_t stored_seq) {
  for (const auto& line : job.log) {
    if (line.seq <= stored_seq) continue;
    db.exec("INSERT OR REPLACE INTO job_log (job_id, seq, line) VALUES (?, ?, ?)",
            {job.id, i64(line.seq), line.text});
  }
  if (job.log_seq > static_cast<std::uint64_t>(log_tail_lines_)) {
    db.exec("DELETE FROM job_log WHERE job_id = ? AND seq <= ?",
            {job.id, i64(job.log_seq - static_cast<std::uint64_t>(log_tail_lines_))});
  }
}

void JobStore::read_log(berth::Db& db, JobRecord& job) {
  auto lines = db.query("SELECT seq, line FROM job_log WHERE job_id = ? ORDER BY seq DESC LIMIT ?",
                        {job.id, log_tail_lines_});
  for (const auto& l : lines)
    job.log.push_front({static_cast<std::uint64_t>(as_int(l, "seq")), as_text(l, "line")});
}

std::optional<JobRecord> JobStore::load_in(berth::Db& db, const std::string& id) {
  auto row = db.query_one(std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?", {id});
  if (!row) return std::nullopt;
  JobRecord r = from_row(*row);
  read_log(db, r);
  return r;
}

std::optional<JobRecord> JobStore::load(const std::string& id) {
  return db_.read([&](berth::Db& db) { return load_in(db, id); });
}

std::vector<JobRecord> JobStore::list(const JobFilter& filter) {
  std::string sql = "SELECT " + list_columns(filter.include) + " FROM jobs";
  berth::Params params;
  std::vector<std::string> where;
  if (!filter.plugin.empty()) {
    where.push_back("plugin = ?");
    params.emplace_back(filter.plugin);
  }
  if (filter.state) {
    where.push_back("state = ?");
    params.emplace_back(to_string(*filter.state));
  }
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(std::clamp(filter.limit, 1, 1000));
  return db_.read([&](berth::Db& db) {
    std::vector<JobRecord> out;
    for (const auto& row : db.query(sql, params)) {
      out.push_back(from_row(row));
      if (filter.include.log) read_log(db, out.back());
    }
    return out;
  });
}

int JobStore::interrupt_running(const std::string& reason, std::int64_t now) {
  return db_.write([&](berth::Db& db) {
    return static_cast<int>(db.exec(
        "UPDATE jobs SET state = 'interrupted', error = ?, finished_ms = ?, requeue = resumable, "
        "version = version + 1 WHERE state = 'running'",
        {reason, now}));
  });
}

std::vector<JobRecord> JobStore::take_pending(const std::string& plugin) {
  return db_.write([&](berth::Db& db) {
    db.exec(
        "UPDATE jobs SET state = 'queued', requeue = 0, attempt = attempt + 1, progress = 0, "
        "message = '', result = NULL, error = NULL, started_ms = NULL, finished_ms = NULL, "
        "version = version + 1 WHERE plugin = ? AND state = 'interrupted' AND requeue = 1",
        {plugin});
    auto ids =
        db.query("SELECT id FROM jobs WHERE plugin = ? AND state = 'queued' ORDER BY id", {plugin});
    std::vector<JobRecord> out;
    for (const auto& row : ids)
      if (auto r = load_in(db, as_text(row, "id"))) out.push_back(std::move(*r));
    return out;
  });
}

std::optional<JobRecord> JobStore::cancel_stored(const std::string& id, const std::string& reason,
                                                 std::int64_t now, bool& changed) {
  return db_.write([&](berth::Db& db) {
    changed =
        1 == db.exec(
                 "UPDATE jobs SET state = 'cancelled', requeue = 0, error = ?, finished_ms = ?, "
                 "version = version + 1 WHERE id = ? AND (state = 'queued' OR "
                 "(state = 'interrupted' AND requeue = 1))",
                 {reason, now, id});
    return load_in(db, id);
  });
}

int JobStore::prune(std::int64_t finished_before, int keep) {
  constexpr int kBatch = 256;
  constexpr const char* kFinished = "state NOT IN ('queued', 'running') AND requeue = 0";
  const std::string select = std::string("SELECT id FROM jobs WHERE ") + kFinished +
                             " AND (COALESCE(finished_ms, created_ms) < ? OR id <= (SELECT id "
                             "FROM jobs WHERE " +
                             kFinished + " ORDER BY id DESC LIMIT 1 OFFSET ?)) ORDER BY id LIMIT ?";
  int total = 0;
  for (;;) {
    int n = db_.write([&](berth::Db& db) {
      auto rows = db.query(select, {finished_before, std::max(0, keep), kBatch});
      for (const auto& row : rows) {
        const std::string id = as_text(row, "id");
        db.exec("DELETE FROM job_log WHERE job_id = ?", {id});
        db.exec("DELETE FROM jobs WHERE id = ?", {id});
      }
      return static_cast<int>(rows.size());
    });
    total += n;
    if (n < kBatch) return total;
  }
}

}  // namespace berth::tasks
