#include "client/ts_types.h"

#include <doctest/doctest.h>

using berth::client::TypeMapper;
using nlohmann::json;

namespace {
std::string ts(const json& schema) {
  std::map<std::string, std::string> refs{{"#/components/schemas/Job", "JobRecord"}};
  return TypeMapper(refs).type_of(schema);
}
}  // namespace

TEST_CASE("scalars, open and impossible schemas") {
  CHECK(ts(json::object()) == "unknown");
  CHECK(ts(true) == "unknown");
  CHECK(ts(false) == "never");
  CHECK(ts({{"type", "string"}, {"minLength", 1}}) == "string");
  CHECK(ts({{"type", "integer"}}) == "number");
  CHECK(ts({{"type", "number"}}) == "number");
  CHECK(ts({{"type", "boolean"}}) == "boolean");
  CHECK(ts({{"type", "null"}}) == "null");
  CHECK(ts({{"type", "frobnicate"}}) == "unknown");
  CHECK(ts({{"description", "anything"}}) == "unknown");
}

TEST_CASE("enum and const are literal unions") {
  CHECK(ts({{"enum", {"a", "b"}}}) == "\"a\" | \"b\"");
  CHECK(ts({{"enum", {1, true, nullptr, "x"}}}) == "1 | true | null | \"x\"");
  CHECK(ts({{"enum", {"a", "a"}}}) == "\"a\"");
  CHECK(ts({{"const", "queued"}}) == "\"queued\"");
  CHECK(ts({{"const", json::object()}}) == "unknown");
  CHECK(ts({{"enum", json::array()}}) == "never");
}

TEST_CASE("nullable types: 3.1 type arrays and 3.0 nullable") {
  CHECK(ts({{"type", {"string", "null"}}}) == "string | null");
  CHECK(ts({{"type", "string"}, {"nullable", true}}) == "string | null");
  CHECK(ts({{"nullable", true}}) == "unknown");
}

TEST_CASE("arrays") {
  CHECK(ts({{"type", "array"}, {"items", {{"type", "string"}}}}) == "string[]");
  CHECK(ts({{"type", "array"}}) == "unknown[]");
  CHECK(ts({{"type", "array"}, {"items", {{"type", {"string", "integer"}}}}}) ==
        "Array<string | number>");
  CHECK(ts({{"items", {{"type", "boolean"}}}}) == "boolean[]");
  CHECK(ts({{"type", "array"}, {"items", {{{"type", "string"}}, {{"type", "integer"}}}}}) ==
        "[string, number, ...unknown[]]");
}

TEST_CASE("objects: required and optional, open, closed, typed maps") {
  json closed = {{"type", "object"},
                 {"additionalProperties", false},
                 {"required", {"title"}},
                 {"properties", {{"title", {{"type", "string"}}}, {"body", {{"type", "string"}}}}}};
  CHECK(ts(closed) == "{\n  body?: string;\n  title: string;\n}");
  json open = {{"type", "object"}, {"properties", {{"id", {{"type", "integer"}}}}}};
  CHECK(ts(open) == "{\n  id?: number;\n  [key: string]: unknown;\n}");
  CHECK(ts({{"type", "object"}}) == "{ [key: string]: unknown }");
  CHECK(ts({{"type", "object"}, {"additionalProperties", false}}) == "Record<string, never>");
  CHECK(ts({{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}) ==
        "{ [key: string]: string }");
  // Declared properties must fit the index signature.
  json mixed = {{"type", "object"},
                {"properties", {{"total", {{"type", "string"}}}}},
                {"additionalProperties", {{"type", "integer"}}}};
  CHECK(ts(mixed) == "{\n  total?: string;\n  [key: string]: number | string | undefined;\n}");
  // A required name without a schema is still a key.
  CHECK(ts({{"required", {"x"}}}) == "{\n  x: unknown;\n  [key: string]: unknown;\n}");
}

TEST_CASE("property names that are not identifiers are quoted; descriptions are JSDoc") {
  json schema = {
      {"type", "object"},
      {"additionalProperties", false},
      {"properties", {{"content-type", {{"type", "string"}, {"description", "ends */ here"}}}}}};
  CHECK(ts(schema) == "{\n  /** ends *\\/ here */\n  \"content-type\"?: string;\n}");
}

TEST_CASE("nested objects are indented") {
  json schema = {{"type", "object"},
                 {"additionalProperties", false},
                 {"properties",
                  {{"inner",
                    {{"type", "object"},
                     {"additionalProperties", false},
                     {"properties", {{"a", {{"type", "integer"}}}}}}}}}};
  CHECK(ts(schema) == "{\n  inner?: {\n    a?: number;\n  };\n}");
}

TEST_CASE("oneOf/anyOf are unions, allOf intersections, $ref names") {
  CHECK(ts({{"oneOf", {{{"type", "string"}}, {{"type", "integer"}}}}}) == "string | number");
  CHECK(ts({{"anyOf", {{{"type", "string"}}, {{"type", "null"}}}}}) == "string | null");
  CHECK(ts({{"oneOf", {{{"type", "string"}}, json::object()}}}) == "unknown");
  CHECK(ts({{"$ref", "#/components/schemas/Job"}}) == "JobRecord");
  CHECK(ts({{"$ref", "#/components/schemas/Nope"}}) == "unknown");
  CHECK(ts({{"allOf", {{{"$ref", "#/components/schemas/Job"}}, {{"type", "object"}}}}}) ==
        "JobRecord & { [key: string]: unknown }");
  CHECK(
      ts({{"type", "array"},
          {"items", {{"allOf", {{{"$ref", "#/components/schemas/Job"}}, {{"type", "null"}}}}}}}) ==
      "Array<JobRecord & null>");
}

TEST_CASE("a deeply nested schema ends in unknown instead of recursing without bound") {
  json schema = {{"type", "string"}};
  for (int i = 0; i < 100; ++i) schema = {{"type", "array"}, {"items", schema}};
  std::string type = ts(schema);
  CHECK(type.find("unknown") != std::string::npos);
  CHECK(type.find("string") == std::string::npos);
}
