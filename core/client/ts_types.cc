#include "client/ts_types.h"

#include "client/ts_names.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

namespace berth::client {
namespace {

using nlohmann::json;

// Deeper schemas than this are `unknown`: a hostile or cyclic-looking document cannot recurse
// without bound.
constexpr int kMaxDepth = 32;

// True when `type` has a `|` or `&` outside brackets, i.e. needs parentheses to be an operand.
bool is_compound(const std::string& type) {
  int depth = 0;
  for (char c : type) {
    if (c == '{' || c == '(' || c == '[' || c == '<') ++depth;
    if (c == '}' || c == ')' || c == ']' || c == '>') --depth;
    if (depth == 0 && (c == '|' || c == '&')) return true;
  }
  return false;
}

std::string operand(const std::string& type) {
  return is_compound(type) ? "(" + type + ")" : type;
}

// A JSON scalar as a TypeScript literal type; composite values have no literal form here.
std::string literal(const json& value) {
  if (value.is_string() || value.is_number() || value.is_boolean() || value.is_null())
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  return "unknown";
}

std::string intersection_of(const std::vector<std::string>& parts) {
  std::vector<std::string> kept;
  for (const auto& p : parts)
    if (p != "unknown" && std::find(kept.begin(), kept.end(), p) == kept.end()) kept.push_back(p);
  if (kept.empty()) return "unknown";
  if (kept.size() == 1) return kept[0];
  std::string out;
  for (const auto& p : kept) out += (out.empty() ? "" : " & ") + operand(p);
  return out;
}

std::string spaces(int n) {
  return std::string(static_cast<std::size_t>(n), ' ');
}

}  // namespace

std::string union_of(const std::vector<std::string>& alternatives) {
  std::vector<std::string> kept;
  for (const auto& a : alternatives) {
    if (a == "unknown") return "unknown";
    if (a != "never" && std::find(kept.begin(), kept.end(), a) == kept.end()) kept.push_back(a);
  }
  if (kept.empty()) return "never";
  std::string out;
  for (const auto& a : kept) {
    // An intersection binds tighter than a union: only unions need no parentheses here.
    bool intersection = is_compound(a) && a.find(" & ") != std::string::npos;
    out += (out.empty() ? "" : " | ") + (intersection ? "(" + a + ")" : a);
  }
  return out;
}

std::string doc_comment(const std::string& text, int indent) {
  if (text.empty()) return "";
  std::string safe = text;
  for (std::size_t at = 0; (at = safe.find("*/", at)) != std::string::npos; at += 3)
    safe.replace(at, 2, "*\\/");
  std::vector<std::string> lines;
  std::istringstream in(safe);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    lines.push_back(line);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return "";
  const std::string pad = spaces(indent);
  if (lines.size() == 1) return pad + "/** " + lines[0] + " */\n";
  std::string out = pad + "/**\n";
  for (const auto& line : lines) out += pad + (line.empty() ? " *" : " * " + line) + "\n";
  return out + pad + " */\n";
}

std::string TypeMapper::type_of(const json& schema, int indent) const {
  return any_type(schema, indent, 0);
}

std::string TypeMapper::any_type(const json& schema, int indent, int depth) const {
  if (schema.is_boolean()) return schema.get<bool>() ? "unknown" : "never";
  if (!schema.is_object() || depth > kMaxDepth) return "unknown";
  if (auto ref = schema.find("$ref"); ref != schema.end()) {
    auto it = ref->is_string() ? refs_.find(ref->get<std::string>()) : refs_.end();
    return it == refs_.end() ? "unknown" : it->second;
  }
  std::vector<std::string> parts{core_type(schema, indent, depth)};
  for (const char* keyword : {"oneOf", "anyOf"}) {
    auto members = schema.find(keyword);
    if (members == schema.end() || !members->is_array()) continue;
    std::vector<std::string> alternatives;
    for (const auto& member : *members) alternatives.push_back(any_type(member, indent, depth + 1));
    parts.push_back(union_of(alternatives));
  }
  if (auto all = schema.find("allOf"); all != schema.end() && all->is_array())
    for (const auto& member : *all) parts.push_back(any_type(member, indent, depth + 1));
  std::string type = intersection_of(parts);
  // OpenAPI 3.0's `nullable`; 3.1 says `type: [..., "null"]`, handled in core_type.
  if (schema.value("nullable", false) && type != "unknown") type = union_of({type, "null"});
  return type;
}

std::string TypeMapper::core_type(const json& schema, int indent, int depth) const {
  if (auto c = schema.find("const"); c != schema.end()) return literal(*c);
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    std::vector<std::string> literals;
    for (const auto& value : *e) literals.push_back(literal(value));
    return union_of(literals);
  }
  auto type = schema.find("type");
  if (type != schema.end() && type->is_string())
    return simple_type(type->get<std::string>(), schema, indent, depth);
  if (type != schema.end() && type->is_array()) {
    std::vector<std::string> alternatives;
    for (const auto& t : *type)
      if (t.is_string())
        alternatives.push_back(simple_type(t.get<std::string>(), schema, indent, depth));
    return union_of(alternatives);
  }
  // No `type`: the keywords say what it is, else anything goes.
  if (schema.contains("properties") || schema.contains("additionalProperties") ||
      schema.contains("required"))
    return object_type(schema, indent, depth);
  if (schema.contains("items")) return array_type(schema, indent, depth);
  return "unknown";
}

std::string TypeMapper::simple_type(const std::string& type, const json& schema, int indent,
                                    int depth) const {
  if (type == "string") return "string";
  if (type == "integer" || type == "number") return "number";
  if (type == "boolean") return "boolean";
  if (type == "null") return "null";
  if (type == "array") return array_type(schema, indent, depth);
  if (type == "object") return object_type(schema, indent, depth);
  return "unknown";
}

std::string TypeMapper::array_type(const json& schema, int indent, int depth) const {
  auto items = schema.find("items");
  if (items == schema.end()) return "unknown[]";
  if (items->is_array()) {  // draft-7 tuple form
    std::string out = "[";
    for (const auto& item : *items) out += any_type(item, indent, depth + 1) + ", ";
    return out + "...unknown[]]";
  }
  std::string item = any_type(*items, indent, depth + 1);
  if (is_compound(item) || item.find('\n') != std::string::npos) return "Array<" + item + ">";
  return item + "[]";
}

std::string TypeMapper::object_type(const json& schema, int indent, int depth) const {
  std::set<std::string> required;
  if (auto r = schema.find("required"); r != schema.end() && r->is_array())
    for (const auto& name : *r)
      if (name.is_string()) required.insert(name.get<std::string>());
  const json no_properties = json::object();
  auto p = schema.find("properties");
  const json& properties = (p != schema.end() && p->is_object()) ? *p : no_properties;

  // additionalProperties: absent or true = open (an `unknown` index signature), false = closed,
  // a schema = an index signature of that type.
  std::string extra = "unknown";
  if (auto ap = schema.find("additionalProperties"); ap != schema.end())
    extra = any_type(*ap, indent + 2, depth + 1);
  // Required names without a property schema are still required keys.
  std::vector<std::pair<std::string, json>> fields;
  for (const auto& [name, property] : properties.items()) fields.emplace_back(name, property);
  for (const auto& name : required)
    if (!properties.contains(name)) fields.emplace_back(name, json(true));

  if (fields.empty()) {
    if (extra == "never") return "Record<string, never>";
    return "{ [key: string]: " + extra + " }";
  }
  std::string out = "{\n";
  std::vector<std::string> field_types;
  bool any_optional = false;
  for (const auto& [name, property] : fields) {
    if (property.is_object() && property.contains("description") &&
        property["description"].is_string())
      out += doc_comment(property["description"].get<std::string>(), indent + 2);
    std::string type = any_type(property, indent + 2, depth + 1);
    bool optional = required.count(name) == 0;
    any_optional = any_optional || optional;
    field_types.push_back(type);
    out += spaces(indent + 2) + property_key(name) + (optional ? "?: " : ": ") + type + ";\n";
  }
  if (extra != "never") {
    // Every declared property must fit the index signature, so it lists their types too.
    std::vector<std::string> index{extra};
    if (extra != "unknown") {
      index.insert(index.end(), field_types.begin(), field_types.end());
      if (any_optional) index.push_back("undefined");
    }
    out += spaces(indent + 2) + "[key: string]: " + union_of(index) + ";\n";
  }
  return out + spaces(indent) + "}";
}

}  // namespace berth::client
