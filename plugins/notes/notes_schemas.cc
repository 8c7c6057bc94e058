#include "notes_schemas.h"

#include <berth/error_schema.h>

#include "list_query.h"

namespace notes {
namespace {

using nlohmann::json;

// No uniqueItems: valijson compares every pair of items and reports every duplicate pair, so a
// body of a few thousand equal tags took minutes and answered megabytes; validate.cc finds
// duplicates (after trimming, which a schema cannot do) once maxItems has bounded the array.
// Lengths that depend on trimming are left to validate.cc too: a title of 200 characters with
// spaces around it is valid, so a maxLength here would refuse what the handler accepts. A body's
// limit counts bytes and maxLength counts code points, so max_body_bytes is a bound the handler's
// check only tightens.
json fields_schema(const Limits& limits) {
  json schema = json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "title": {"type": "string", "minLength": 1},
      "body": {"type": "string", "description": "stored verbatim"},
      "tags": {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "description": "no duplicates after trimming (case-sensitive)"
      }
    }
  })json");
  auto& properties = schema["properties"];
  properties["title"]["description"] = "trimmed of leading and trailing whitespace, then 1 to " +
                                       std::to_string(limits.max_title) + " characters";
  properties["body"]["maxLength"] = limits.max_body_bytes;
  properties["body"]["description"] =
      "stored verbatim, at most " + std::to_string(limits.max_body_bytes) + " bytes of UTF-8";
  properties["tags"]["maxItems"] = limits.max_tags;
  properties["tags"]["items"]["description"] =
      "trimmed, then 1 to " + std::to_string(limits.max_tag) + " characters";
  return schema;
}

}  // namespace

json full_body_schema(const Limits& limits) {
  json schema = fields_schema(limits);
  schema["required"] = json::array({"title"});
  schema["description"] = "A note's fields: title required, body and tags default to empty";
  return schema;
}

json patch_body_schema(const Limits& limits) {
  json schema = fields_schema(limits);
  schema["description"] = "The fields to change; the others keep their values";
  return schema;
}

json list_query_schema() {
  json schema = json::parse(R"json({
    "type": "object",
    "properties": {
      "limit": {"type": "integer", "minimum": 1, "description": "notes per page"},
      "cursor": {
        "type": "string",
        "minLength": 1,
        "maxLength": 26,
        "description": "next_cursor of the previous page (opaque)"
      },
      "q": {
        "type": "string",
        "description": "a substring of title or body, literally; ASCII letters ignore case"
      }
    }
  })json");
  auto& properties = schema["properties"];
  properties["limit"]["maximum"] = kMaxLimit;
  properties["limit"]["default"] = kDefaultLimit;
  properties["q"]["maxLength"] = kMaxQueryLength;
  return schema;
}

json id_path_schema() {
  return json::parse(R"json({
    "type": "object",
    "required": ["id"],
    "properties": {
      "id": {
        "type": "string",
        "description": "a note's id; anything but a canonical positive integer is not found"
      }
    }
  })json");
}

json note_schema(const Limits& limits) {
  json schema = json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["id", "title", "body", "tags", "created", "updated", "etag"],
    "properties": {
      "id": {"type": "integer", "minimum": 1},
      "title": {"type": "string", "minLength": 1},
      "body": {"type": "string"},
      "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string", "minLength": 1}},
      "created": {"type": "string", "description": "UTC, RFC 3339 with milliseconds"},
      "updated": {"type": "string", "description": "UTC, RFC 3339 with milliseconds"},
      "etag": {"type": "string", "description": "the ETag header's value, for If-Match"}
    }
  })json");
  schema["properties"]["tags"]["maxItems"] = limits.max_tags;
  return schema;
}

json page_schema(const Limits& limits) {
  json schema = json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["notes", "next_cursor"],
    "properties": {
      "notes": {"type": "array", "description": "newest first"},
      "next_cursor": {
        "type": ["string", "null"],
        "description": "pass it back as cursor for the next page; null on the last page"
      }
    }
  })json");
  schema["properties"]["notes"]["items"] = note_schema(limits);
  schema["properties"]["notes"]["maxItems"] = kMaxLimit;
  return schema;
}

json error_schema() {
  return berth::error_schema(
      {{"field",
        {{"type", "string"}, {"description", "the field at fault (the plugin's checks)"}}}});
}

json stale_schema() {
  return json::parse(R"json({
    "type": "object",
    "additionalProperties": false,
    "required": ["message", "etag"],
    "properties": {
      "message": {"type": "string"},
      "etag": {"type": "string", "description": "the note's current ETag"}
    }
  })json");
}

}  // namespace notes
