#include "contract/typed_keywords.h"

#include <array>
#include <string_view>
#include <utility>

namespace berth::contract {
namespace {

// Keywords whose value is one subschema, a list of them, or a map of names to them (draft 7, with
// 2019's "$defs").
constexpr std::array<std::string_view, 10> kOneSchema = {"items",
                                                         "additionalItems",
                                                         "additionalProperties",
                                                         "contains",
                                                         "propertyNames",
                                                         "if",
                                                         "then",
                                                         "else",
                                                         "not",
                                                         "unevaluatedProperties"};
constexpr std::array<std::string_view, 4> kSchemaLists = {"allOf", "anyOf", "oneOf", "items"};
constexpr std::array<std::string_view, 5> kSchemaMaps = {"properties", "patternProperties",
                                                         "definitions", "$defs", "dependencies"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kTypedKeywords = {
    {{"format", "string"}, {"multipleOf", "number"}}};

void guard(nlohmann::json& schema, int depth) {
  // A schema nested this deep is not one a plugin writes; leave the rest as it is.
  if (!schema.is_object() || depth > 200) return;
  for (std::string_view key : kOneSchema)
    if (auto it = schema.find(key); it != schema.end() && it->is_object()) guard(*it, depth + 1);
  for (std::string_view key : kSchemaLists)
    if (auto it = schema.find(key); it != schema.end() && it->is_array())
      for (auto& item : *it) guard(item, depth + 1);
  for (std::string_view key : kSchemaMaps)
    if (auto it = schema.find(key); it != schema.end() && it->is_object())
      for (auto& [name, item] : it->items()) guard(item, depth + 1);  // dependencies: lists skip
  for (auto [keyword, type] : kTypedKeywords) {
    auto found = schema.find(keyword);
    if (found == schema.end()) continue;
    auto all = schema.find("allOf");
    if (all != schema.end() && !all->is_array()) return;  // not a schema valijson will compile
    nlohmann::json conditional = {{"if", {{"type", type}}},
                                  {"then", {{keyword, std::move(*found)}}}};
    schema.erase(found);
    schema["allOf"].push_back(std::move(conditional));
  }
}

}  // namespace

nlohmann::json with_typed_keywords_guarded(nlohmann::json schema) {
  guard(schema, 0);
  return schema;
}

}  // namespace berth::contract
