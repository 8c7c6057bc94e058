#pragma once
// JSON Schema -> TypeScript type expressions, for the schemas plugins declare (the draft-7 /
// 2020-12 common subset of ISSUE14: type, properties, required, additionalProperties, items,
// enum, const, oneOf/anyOf, description) plus allOf, nullable and $ref to components.
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace berth::client {

class TypeMapper {
 public:
  // `refs`: "#/components/schemas/Job" -> the TypeScript name emitted for it. Any other $ref
  // maps to `unknown`.
  explicit TypeMapper(std::map<std::string, std::string> refs = {}) : refs_(std::move(refs)) {}

  // The type of `schema`; objects spread over lines indented from `indent` spaces.
  std::string type_of(const nlohmann::json& schema, int indent = 0) const;

 private:
  std::string any_type(const nlohmann::json& schema, int indent, int depth) const;
  std::string core_type(const nlohmann::json& schema, int indent, int depth) const;
  std::string simple_type(const std::string& type, const nlohmann::json& schema, int indent,
                          int depth) const;
  std::string object_type(const nlohmann::json& schema, int indent, int depth) const;
  std::string array_type(const nlohmann::json& schema, int indent, int depth) const;

  std::map<std::string, std::string> refs_;
};

// A JSDoc comment of `text` (its lines kept, "*/" defused) at `indent`, or "" for no text.
std::string doc_comment(const std::string& text, int indent);

// `a | b` of the alternatives, duplicates dropped; `unknown` swallows the rest; none: `never`.
std::string union_of(const std::vector<std::string>& alternatives);

}  // namespace berth::client
