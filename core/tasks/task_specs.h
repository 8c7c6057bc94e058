#pragma once
// What a plugin registered, as the host keeps it.
#include "contract/json_schema.h"

#include <berth/tasks.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

namespace berth::tasks {

struct PeriodicSpec {
  std::string name;
  std::chrono::milliseconds interval{0};
  std::function<std::string()> fn;  // never throws: "" or the failure's text
  berth::PeriodicOptions options;
};

struct ServiceSpec {
  std::string name;
  std::function<std::string(std::stop_token)> fn;
};

struct JobSpec {
  std::string name;
  std::function<std::string(berth::JobContext&)> fn;
  std::function<std::string(const nlohmann::json&)> validate;  // may be empty; never throws
  int max_concurrent = 1;
  bool resumable = false;
  std::string summary;
  // The declared schemas, compiled; null where none is declared.
  std::shared_ptr<const contract::JsonSchema> params_schema;
  std::shared_ptr<const contract::JsonSchema> result_schema;
};

}  // namespace berth::tasks
