#pragma once
// GET /volumes: the engine's volumes with their sizes. Sizes come from /system/df, which walks
// every volume's files and can take minutes, so a job measures them ("volume-sizes") and the
// route answers from the plugin's cache, starting the job when nothing was measured yet or when
// asked (?refresh=true).
#include "engine_link.h"

#include <berth/context.h>

#include <memory>
#include <mutex>
#include <string>

namespace docker_plugin {

class VolumeSizes {
 public:
  VolumeSizes(std::shared_ptr<EngineLink> link, berth::Storage& storage);

  // The job's body: measures and replaces the cache.
  void measure(berth::JobContext& job);
  // The id of a queued or running measurement this plugin started, or a new one's. Throws
  // HttpError(503) when the job queue is full.
  std::string ensure_job(berth::Tasks& tasks, bool force);
  // {"volumes": [...], "sizes": {"measured_at", "job"}}; throws EngineError.
  nlohmann::json list(const std::string& job_id);
  bool measured();

 private:
  std::shared_ptr<EngineLink> link_;
  berth::Storage& storage_;
  std::mutex mu_;
  std::string pending_job_;  // cleared when that job ends
};

// /system/df's Volumes -> [{name, size_bytes (null when unknown), ref_count}].
nlohmann::json sizes_from_df(const nlohmann::json& df);

void add_volume_routes(berth::PluginContext& context, std::shared_ptr<EngineLink> link,
                       std::shared_ptr<VolumeSizes> sizes);

}  // namespace docker_plugin
