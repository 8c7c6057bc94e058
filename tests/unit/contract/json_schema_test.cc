#include "contract/json_schema.h"

#include <doctest/doctest.h>

#include <stdexcept>

namespace berth::contract {
namespace {

using nlohmann::literals::operator""_json;

const nlohmann::json kSchema = R"json({
  "type": "object", "additionalProperties": false, "required": ["title"],
  "properties": {
    "title": {"type": "string", "maxLength": 5},
    "count": {"type": "integer", "minimum": 1},
    "tags": {"type": "array", "items": {"type": "string"}},
    "kind": {"enum": ["a", "b"]}}})json"_json;

TEST_CASE("a value that conforms has no violations") {
  JsonSchema schema(kSchema);
  CHECK(schema.check(R"({"title": "ok", "count": 2, "tags": ["x"], "kind": "a"})"_json).empty());
}

TEST_CASE("each violation has its pointer, its field and a message with what was found") {
  JsonSchema schema(kSchema);
  auto v = schema.check(R"({"title": 5, "count": 0, "tags": ["x", 7], "colour": 1})"_json);
  REQUIRE(v.size() == 4);
  std::map<std::string, Violation> by_pointer;
  for (auto& one : v) by_pointer[one.pointer] = one;
  CHECK(by_pointer["/title"].message == "expected \"string\", got 5");
  CHECK(by_pointer["/title"].field == "title");
  CHECK(by_pointer["/count"].message.find("got 0") != std::string::npos);
  CHECK(by_pointer["/tags/1"].field == "tags[1]");
  CHECK(by_pointer["/tags/1"].message == "expected \"string\", got 7");
  CHECK(by_pointer["/colour"].message ==
        "unknown key 'colour' (allowed: count, kind, tags, title)");
}

TEST_CASE("a missing required member is reported at the member") {
  JsonSchema schema(kSchema);
  auto v = schema.check(nlohmann::json::object());
  REQUIRE(v.size() == 1);
  CHECK(v[0].pointer == "/title");
  CHECK(v[0].field == "title");
  CHECK(v[0].message == "required");
  CHECK(describe(v) == "title: required");
  JsonSchema nested(R"({"properties": {"owner": {"required": ["name"]}}})"_json);
  CHECK(nested.check(R"({"owner": {}})"_json)[0].pointer == "/owner/name");
  CHECK(describe(JsonSchema(R"({"type": "object"})"_json).check(5)) ==
        "value: expected \"object\", got 5");
}

TEST_CASE("the whole value of the wrong type names what it is") {
  JsonSchema schema(kSchema);
  auto v = schema.check(R"([1, 2])"_json);
  REQUIRE(v.size() == 1);
  CHECK(v[0].message == "expected \"object\", got an array");
}

TEST_CASE("a format applies to strings only, wherever it is (valijson threw for an object)") {
  JsonSchema schema(R"json({"type": "object", "properties": {
    "when": {"format": "date-time"},
    "list": {"type": "array", "items": {"format": "date"}},
    "format": {"type": "string"},
    "choice": {"enum": [{"format": "date"}]}}})json"_json);
  CHECK(schema.check(R"({"when": {"a": 1}, "list": [[1], {"b": 2}, 3]})"_json).empty());
  CHECK(schema.check(R"({"when": "2026-12-02T10:00:00Z", "list": ["2026-12-02"]})"_json).empty());
  auto bad = schema.check(R"({"when": "yesterday", "list": ["x"]})"_json);
  REQUIRE(bad.size() == 2);
  std::map<std::string, std::string> by_pointer;
  for (const auto& v : bad) by_pointer[v.pointer] = v.message;
  CHECK(by_pointer["/when"] == "String should be a valid date-time, got \"yesterday\"");
  CHECK(by_pointer["/list/0"] == "String should be a valid date, got \"x\"");
  // A property named "format" and a "format" inside an enum's value are not the keyword.
  auto named = schema.check(R"({"format": 5})"_json);
  REQUIRE(named.size() == 1);
  CHECK(named[0].pointer == "/format");
  CHECK(schema.check(R"({"choice": {"format": "date"}})"_json).empty());
  CHECK(schema.check(R"({"choice": {"format": "time"}})"_json).size() == 1);
  // What the schema shows (OpenAPI) is what the plugin wrote.
  CHECK(schema.source()["properties"]["when"] == R"({"format": "date-time"})"_json);
}

TEST_CASE("multipleOf applies to numbers only, and numbers it cannot convert are refused") {
  JsonSchema schema(R"json({"properties": {"n": {"multipleOf": 3}, "x": {}}})json"_json);
  CHECK(schema.check(R"({"n": 9})"_json).empty());
  CHECK(schema.check(R"({"n": "21e999", "x": "nan"})"_json).empty());  // strings, not numbers
  auto four = schema.check(R"({"n": 4})"_json);
  REQUIRE(four.size() == 1);
  CHECK(four[0].pointer == "/n");
  // valijson would convert it to a 64-bit integer: undefined behaviour.
  auto huge = schema.check(R"({"x": 1e300})"_json);
  REQUIRE(huge.size() == 1);
  CHECK(huge[0].pointer == "/x");
  CHECK(huge[0].message.find("beyond") != std::string::npos);
}

TEST_CASE("a long value quoted in a message is cut between characters, never inside one") {
  JsonSchema schema(R"json({"type": "integer"})json"_json);
  for (std::size_t pad = 0; pad < 4; ++pad) {
    const std::string text = std::string(50 + pad, 'a') + "\U0001F600\U0001F600\U0001F600";
    auto v = schema.check(nlohmann::json(text));
    REQUIRE(v.size() == 1);
    CHECK_NOTHROW((void)nlohmann::json(v[0].message).dump());
    CHECK(v[0].message.find("...") != std::string::npos);
  }
}

TEST_CASE("a schema valijson cannot use is refused with its reason") {
  CHECK_THROWS_AS(JsonSchema(R"({"type": 5})"_json), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(nlohmann::json("string")), std::invalid_argument);
}

TEST_CASE("with patterns in the schema, strings too long for std::regex are refused first") {
  JsonSchema schema(R"({"type": "object", "properties": {"p": {"pattern": "^a+$"}}})"_json);
  CHECK(schema.check(R"({"p": "aaa"})"_json).empty());
  CHECK(schema.check(R"({"p": "aab"})"_json).size() == 1);
  // 30,000 characters made std::regex_match recurse off the stack (SIGSEGV).
  auto v = schema.check({{"p", std::string(30000, 'a')}});
  REQUIRE(v.size() == 1);
  CHECK(v[0].pointer == "/p");
  CHECK(v[0].message.find("30000 bytes is longer than the 1000") == 0);
}

TEST_CASE("a hostile value costs little: violations are capped, uniqueItems arrays bounded") {
  JsonSchema tags(R"({"type": "array", "items": {"type": "string"}})"_json);
  // 200,000 wrong items: each is a violation (and a "Failed to validate item" summary).
  auto v = tags.check(nlohmann::json(std::vector<int>(200000, 1)));
  REQUIRE(v.size() == kMaxListedViolations + 1);
  CHECK(v[0].pointer == "/0");
  CHECK(v.back().message == "and 199900 more violations");

  JsonSchema unique(R"({"type": "array", "uniqueItems": true, "maxItems": 32})"_json);
  CHECK(unique.check(R"([1, 2, 3])"_json).empty());
  CHECK_FALSE(unique.check(R"([1, 1])"_json).empty());
  // valijson compares every pair of items and reports each equal pair.
  auto many = unique.check(nlohmann::json(std::vector<int>(100000, 7)));
  REQUIRE(many.size() == 1);
  CHECK(many[0].message ==
        "100000 items are more than the 256 that the schema can check for "
        "uniqueness");
}

TEST_CASE("dotted fields escape nothing and index arrays") {
  auto doc = R"({"a/b": [{"c~d": 1}]})"_json;
  CHECK(dotted_field(doc, nlohmann::json::json_pointer("/a~1b/0/c~0d")) == "a/b[0].c~d");
  CHECK(dotted_field(doc, nlohmann::json::json_pointer("")) == "");
}

TEST_CASE("violations read as one line and as the errors array") {
  std::vector<Violation> v = {{"body", "/title", "title", "expected \"string\", got 5"},
                              {"query", "/limit", "limit", "expected \"integer\", got \"x\""},
                              {"path", "/id", "id", "must be at least 1"}};
  CHECK(describe(v) ==
        "title: expected \"string\", got 5; query parameter 'limit': expected \"integer\", got "
        "\"x\"; path parameter 'id': must be at least 1");
  CHECK(to_json(v)[1] == R"({"in": "query", "path": "/limit",
                             "message": "expected \"integer\", got \"x\""})"_json);
}

}  // namespace
}  // namespace berth::contract
