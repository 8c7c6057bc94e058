#include "volumes.h"

#include "docker_schemas.h"

#include <berth/error_schema.h>
#include <berth/http.h>

namespace docker_plugin {

nlohmann::json sizes_from_df(const nlohmann::json& df) {
  nlohmann::json out = nlohmann::json::array();
  auto volumes = df.is_object() ? df.find("Volumes") : df.end();
  if (volumes == df.end() || !volumes->is_array()) return out;
  for (const auto& v : *volumes) {
    const auto usage = v.value("UsageData", nlohmann::json::object());
    const long long size = usage.is_object() ? usage.value("Size", -1LL) : -1;
    const long long refs = usage.is_object() ? usage.value("RefCount", -1LL) : -1;
    out.push_back({{"name", v.value("Name", "")},
                   {"size_bytes", size < 0 ? nlohmann::json(nullptr) : nlohmann::json(size)},
                   {"ref_count", refs < 0 ? nlohmann::json(nullptr) : nlohmann::json(refs)}});
  }
  return out;
}

VolumeSizes::VolumeSizes(std::shared_ptr<EngineLink> link, berth::Storage& storage)
    : link_(std::move(link)), storage_(storage) {}

void VolumeSizes::measure(berth::JobContext& job) {
  struct Done {
    VolumeSizes& self;
    std::string id;
    ~Done() {
      std::lock_guard lock(self.mu_);
      if (self.pending_job_ == id) self.pending_job_.clear();
    }
  } done{*this, std::string(job.id())};
  job.progress(5, "the engine is measuring every volume (/system/df)");
  auto df = link_->client().get(
      "/system/df", {.timeout = link_->settings().volume_sizes_timeout, .stop = job.stop_token()});
  auto sizes = sizes_from_df(df);
  job.progress(80, "recording " + std::to_string(sizes.size()) + " volumes");
  long long total = 0;
  for (const auto& s : sizes)
    if (s["size_bytes"].is_number()) total += s["size_bytes"].get<long long>();
  const std::string measured_at = utc_now();
  storage_.write([&](berth::Db& db) {
    db.exec("DELETE FROM volume_sizes");
    for (const auto& s : sizes)
      db.exec("INSERT INTO volume_sizes(name, size_bytes, ref_count) VALUES (?, ?, ?)",
              {s["name"].get<std::string>(),
               s["size_bytes"].is_number() ? berth::Value(s["size_bytes"].get<long long>())
                                           : berth::Value(nullptr),
               s["ref_count"].is_number() ? berth::Value(s["ref_count"].get<long long>())
                                          : berth::Value(nullptr)});
    db.exec(
        "INSERT INTO volume_scan(id, measured_at, job_id) VALUES (1, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET measured_at = excluded.measured_at,"
        " job_id = excluded.job_id",
        {measured_at, std::string(job.id())});
  });
  job.result({{"volumes", sizes.size()}, {"total_bytes", total}, {"measured_at", measured_at}});
  job.progress(100, std::to_string(sizes.size()) + " volumes measured");
}

std::string VolumeSizes::ensure_job(berth::Tasks& tasks, bool force) {
  std::lock_guard lock(mu_);
  if (!pending_job_.empty()) return pending_job_;
  if (!force && measured()) return {};
  pending_job_ = tasks.start_job("volume-sizes");
  return pending_job_;
}

bool VolumeSizes::measured() {
  return storage_.read([](berth::Db& db) {
    return db.query_one("SELECT 1 AS x FROM volume_scan WHERE id = 1").has_value();
  });
}

nlohmann::json VolumeSizes::list(const std::string& job_id) {
  auto engine = link_->client().get("/volumes");
  auto [cached, scan] = storage_.read([](berth::Db& db) {
    return std::make_pair(db.query("SELECT name, size_bytes, ref_count FROM volume_sizes"),
                          db.query_one("SELECT measured_at FROM volume_scan WHERE id = 1"));
  });
  std::map<std::string, berth::Row> by_name;
  for (auto& row : cached) by_name[row["name"].get<std::string>()] = row;
  nlohmann::json volumes = nlohmann::json::array();
  auto list = engine.is_object() ? engine.value("Volumes", nlohmann::json::array()) : nullptr;
  if (list.is_array()) {
    for (const auto& v : list) {
      const std::string name = v.value("Name", "");
      auto size = by_name.find(name);
      const bool known = size != by_name.end();
      volumes.push_back({{"name", name},
                         {"driver", v.value("Driver", "")},
                         {"mountpoint", v.value("Mountpoint", "")},
                         {"created", v.value("CreatedAt", "")},
                         {"scope", v.value("Scope", "")},
                         {"labels", v.value("Labels", nlohmann::json::object()).is_object()
                                        ? v.value("Labels", nlohmann::json::object())
                                        : nlohmann::json::object()},
                         {"size_bytes", known ? size->second["size_bytes"] : nullptr},
                         {"ref_count", known ? size->second["ref_count"] : nullptr}});
    }
  }
  return {{"volumes", volumes},
          {"sizes",
           {{"measured_at", scan ? (*scan)["measured_at"] : nullptr},
            {"job", job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(job_id)}}}};
}

void add_volume_routes(berth::PluginContext& context, std::shared_ptr<EngineLink> link,
                       std::shared_ptr<VolumeSizes> sizes) {
  context.tasks().job("volume-sizes", [sizes](berth::JobContext& job) { sizes->measure(job); },
                      {.max_concurrent = 1,
                       .summary = "Measure the size of every volume",
                       .params_schema = no_params_schema(),
                       .result_schema = sizes_result_schema()});
  auto responses = engine_errors(false);
  responses[200] = volumes_schema();
  responses[400] = berth::error_schema();
  context.routes().get(
      "/volumes",
      [link, sizes, &context](berth::Request& request) {
        const auto refresh = request.query_param("refresh").value_or("false");
        if (refresh != "true" && refresh != "false" && refresh != "1" && refresh != "0")
          throw berth::HttpError(400, "refresh: expected true or false", {{"field", "refresh"}});
        return answer(*link, [&] {
          auto page = sizes->list({});  // the engine first: no job for an engine that is away
          const std::string job =
              sizes->ensure_job(context.tasks(), refresh == "true" || refresh == "1");
          if (!job.empty()) page["sizes"]["job"] = job;
          return page;
        });
      },
      {.summary = "Volumes with their sizes, from the plugin's cache",
       .description = "Sizes are measured by the volume-sizes job, started when nothing was "
                      "measured yet or on refresh=true; sizes.job names a pending one",
       .name = "volumes",
       .query_schema = volumes_query_schema(),
       .responses = responses});
}

}  // namespace docker_plugin
