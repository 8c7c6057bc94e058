#pragma once
// The plugin's error answers, in one place so that every handler words them the same way.
#include <berth/http_error.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace notes {

// 400 {"message": "<field>: <problem>", "field": "<field>"}.
berth::HttpError bad_field(std::string_view field, std::string_view problem);

// 404 {"message": "note <id> not found"}; `id` as the client wrote it.
berth::HttpError note_not_found(std::string_view id);
berth::HttpError note_not_found(std::int64_t id);

// 412 {"message": "note <id> was changed by someone else", "etag": "<current>"}.
berth::HttpError note_changed(std::int64_t id, const std::string& current_etag);

}  // namespace notes
