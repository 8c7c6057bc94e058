#pragma once
// The JSON Schemas of what the host's own /_berth routes answer, for their declared contracts
// and the OpenAPI document.
#include <nlohmann/json.hpp>

namespace berth::app::schemas {

nlohmann::json error();  // {"message", "errors"?}: every error body
nlohmann::json health();
nlohmann::json ready();
nlohmann::json plugins();
nlohmann::json version();
nlohmann::json config();
// A job record; `result` types its result member (null: any).
nlohmann::json job(const nlohmann::json& result = nullptr);
nlohmann::json job_list();
nlohmann::json job_started();
nlohmann::json tasks();
nlohmann::json job_list_query();
nlohmann::json job_follow_query();
nlohmann::json job_id_path();
nlohmann::json log_query();
nlohmann::json log_page();

}  // namespace berth::app::schemas
