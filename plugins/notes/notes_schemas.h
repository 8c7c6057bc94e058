#pragma once
// The notes API as JSON Schemas, for the host to check requests with before a handler runs and to
// publish in /_berth/openapi.json. The host's check is coarse on purpose: what it refuses, the
// handlers would refuse too, and what needs trimming or code points (title and tag lengths,
// duplicate tags after trimming, cursors that decode) is still checked by validate.* and
// list_query.*, with their field-naming messages.
#include "validate.h"

#include <nlohmann/json.hpp>

namespace notes {

// Request bodies: POST and PUT require a title; PATCH takes any subset of the fields.
nlohmann::json full_body_schema(const Limits& limits);
nlohmann::json patch_body_schema(const Limits& limits);
// GET /?limit=&cursor=&q=
nlohmann::json list_query_schema();
// /:id is any text: an id that is not canonical is a 404 like an unknown one, not a 400.
nlohmann::json id_path_schema();

// Responses.
nlohmann::json note_schema(const Limits& limits);
nlohmann::json page_schema(const Limits& limits);
// 412: {"message", "etag": the note's current ETag}.
nlohmann::json stale_schema();

// berth::error_schema with notes' `field`.
nlohmann::json error_schema();

}  // namespace notes
