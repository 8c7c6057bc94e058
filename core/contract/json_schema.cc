#include "contract/json_schema.h"

#include "contract/typed_keywords.h"

// Without it valijson aborts the process on a schema it cannot use; a plugin bug must not.
#define VALIJSON_USE_EXCEPTIONS 1

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>

namespace berth::contract {
namespace {

using Pointer = nlohmann::json::json_pointer;
using Error = valijson::ValidationResults::Error;

// valijson names a value by a context such as {"<root>", "[commands]", "[0]"}; whether "[0]" is an
// index or a key depends on the document, so the pointer is rebuilt by walking the value itself.
struct Location {
  Pointer pointer;
  std::vector<std::string> tokens;  // the pointer's parts, unescaped
};

Location locate(const nlohmann::json& document, const std::vector<std::string>& context) {
  Location at;
  const nlohmann::json* node = &document;
  for (const std::string& element : context) {
    if (element.size() < 2 || element.front() != '[' || element.back() != ']') continue;
    const std::string token = element.substr(1, element.size() - 2);
    const bool is_index =
        !token.empty() && token.size() < 10 && std::all_of(token.begin(), token.end(), ::isdigit);
    if (node && node->is_array() && is_index) {
      at.pointer /= static_cast<std::size_t>(std::stoul(token));
    } else {
      at.pointer /= token;
    }
    at.tokens.push_back(token);
    node = node && document.contains(at.pointer) ? &document.at(at.pointer) : nullptr;
  }
  return at;
}

// The subschema a value is checked against, for a message that says what was expected. Follows
// properties, additionalProperties and items only; nullptr where the schema is more dynamic.
const nlohmann::json* subschema(const nlohmann::json& schema, const nlohmann::json& document,
                                const std::vector<std::string>& tokens) {
  const nlohmann::json* s = &schema;
  Pointer walked;
  for (const std::string& token : tokens) {
    const bool index = document.contains(walked) && document.at(walked).is_array();
    walked /= token;
    if (!s->is_object()) return nullptr;
    if (index) {
      if (!s->contains("items") || !(*s)["items"].is_object()) return nullptr;
      s = &(*s)["items"];
    } else if (s->contains("properties") && (*s)["properties"].contains(token)) {
      s = &(*s)["properties"][token];
    } else if (s->contains("additionalProperties") && (*s)["additionalProperties"].is_object()) {
      s = &(*s)["additionalProperties"];
    } else {
      return nullptr;
    }
  }
  return s;
}

// valijson prints bounds with %f: "greater than or equal to 1.000000" becomes "... to 1". Plain
// code, not std::regex, which recurses per character of a description that quotes values.
std::string without_printf_zeros(const std::string& text) {
  constexpr std::string_view kZeros = ".000000";
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t after = i + kZeros.size();
    if (i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
        text.compare(i, kZeros.size(), kZeros) == 0 &&
        (after == text.size() || !word(text[after]))) {
      i = after - 1;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::string quote(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() <= 60) return text;
  // Cut between characters, not inside one: a message must stay UTF-8 (found by fuzzing).
  std::size_t cut = 57;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

// valijson's wording, made to say what was expected and what was found.
std::string message(const std::string& description, const nlohmann::json& schema,
                    const nlohmann::json& document, const Location& at) {
  const nlohmann::json* value = document.contains(at.pointer) ? &document.at(at.pointer) : nullptr;
  // A scalar is short enough to quote; a map or list is where the pointer points.
  const bool scalar = value && !value->is_structured();
  const std::string got = scalar                        ? ", got " + quote(*value)
                          : value && value->is_object() ? ", got an object"
                          : value && value->is_array()  ? ", got an array"
                                                        : "";
  if (description.rfind("Value type not permitted", 0) == 0) {
    const nlohmann::json* s = subschema(schema, document, at.tokens);
    if (s && s->contains("type")) return "expected " + quote((*s)["type"]) + got;
    return "wrong type" + got;
  }
  std::string text = without_printf_zeros(description);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + (scalar ? got : "");
}

// "Failed to validate item #1 in array." and its like only repeat another error: one deeper (whose
// context it is a proper prefix of), or a plain one at the same place (as the "if"/"then" a format
// is checked under, see typed_keywords.h, adds). `explained` holds every error's proper prefixes
// and the contexts of plain errors, so a body with a million wrong items costs n log n, not n
// squared.
using Context = std::vector<std::string>;
bool starts_as_summary(const Error& error) {
  return error.description.rfind("Failed to validate", 0) == 0;
}

std::set<Context> explained_contexts(const std::vector<Error>& all) {
  std::set<Context> explained;
  for (const Error& e : all) {
    for (std::size_t n = 0; n < e.context.size(); ++n)
      explained.emplace(e.context.begin(), e.context.begin() + static_cast<std::ptrdiff_t>(n));
    if (!starts_as_summary(e)) explained.insert(e.context);
  }
  return explained;
}

bool is_summary(const Error& error, const std::set<Context>& explained) {
  return starts_as_summary(error) && explained.count(error.context);
}

// "...could not be validated using 'properties' or 'additionalProperties' constraints: 'colour'."
// names an unknown key: point at the key itself and list the keys the schema allows.
std::optional<std::string> unknown_key(const std::string& description, const nlohmann::json& schema,
                                       const nlohmann::json& document, Location& at) {
  const std::string marker = "constraints: '";
  const auto begin = description.rfind(marker);
  const auto end = description.rfind('\'');
  if (begin == std::string::npos || end <= begin + marker.size()) return std::nullopt;
  const std::string key = description.substr(begin + marker.size(), end - begin - marker.size());
  std::string allowed;
  if (const nlohmann::json* s = subschema(schema, document, at.tokens);
      s && s->contains("properties") && (*s)["properties"].is_object())
    for (const auto& [name, _] : (*s)["properties"].items())
      allowed += (allowed.empty() ? "" : ", ") + name;
  at.pointer /= key;
  at.tokens.push_back(key);
  return "unknown key '" + key + "'" + (allowed.empty() ? "" : " (allowed: " + allowed + ")");
}

// Whether the schema, at any depth, uses one of `keywords`.
// "Missing required property 'title'." is reported at the object: point at the member itself, so
// that a client can show it beside the field.
std::optional<std::string> missing_member(const std::string& description, Location& at) {
  const std::string marker = "Missing required property '";
  const auto end = description.rfind('\'');
  if (description.rfind(marker, 0) != 0 || end <= marker.size()) return std::nullopt;
  const std::string key = description.substr(marker.size(), end - marker.size());
  at.pointer /= key;
  at.tokens.push_back(key);
  return "required";
}

bool uses(const nlohmann::json& schema, std::initializer_list<std::string_view> keywords) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.items())
      if (std::find(keywords.begin(), keywords.end(), key) != keywords.end() ||
          uses(value, keywords))
        return true;
  } else if (schema.is_array()) {
    for (const auto& item : schema)
      if (uses(item, keywords)) return true;
  }
  return false;
}

// Every key and string longer than kMaxRegexCheckedBytes (where patterns are matched), every
// array longer than kMaxUniqueCheckedItems (where uniqueItems compares each pair), and every number
// beyond ±2^63 (where valijson converts a number to a 64-bit integer for an integer multipleOf:
// undefined behaviour for 1e300, found by fuzzing).
struct Guards {
  bool strings = false;
  bool arrays = false;
  bool numbers = false;
};

void find_oversized(const nlohmann::json& document, const nlohmann::json& value,
                    const Pointer& pointer, const Guards& guards, std::vector<Violation>& out) {
  auto report = [&](const Pointer& at, std::string message) {
    out.push_back({"", at.to_string(), dotted_field(document, at), std::move(message)});
  };
  auto long_text = [&](std::size_t size, const Pointer& at) {
    report(at, std::to_string(size) + " bytes is longer than the " +
                   std::to_string(kMaxRegexCheckedBytes) +
                   " that the schema can check with its patterns");
  };
  if (value.is_string()) {
    if (guards.strings && value.get_ref<const std::string&>().size() > kMaxRegexCheckedBytes)
      long_text(value.get_ref<const std::string&>().size(), pointer);
  } else if (value.is_number_float()) {
    if (guards.numbers && !(std::fabs(value.get<double>()) < 0x1p63))
      report(pointer, quote(value) + " is beyond the ±2^63 that the schema's multipleOf can check");
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (guards.strings && key.size() > kMaxRegexCheckedBytes) long_text(key.size(), pointer);
      find_oversized(document, item, pointer / key, guards, out);
    }
  } else if (value.is_array()) {
    if (guards.arrays && value.size() > kMaxUniqueCheckedItems) {
      report(pointer, std::to_string(value.size()) + " items are more than the " +
                          std::to_string(kMaxUniqueCheckedItems) +
                          " that the schema can check for uniqueness");
      return;
    }
    for (std::size_t i = 0; i < value.size(); ++i)
      find_oversized(document, value[i], pointer / i, guards, out);
  }
}

}  // namespace

JsonSchema::JsonSchema(nlohmann::json schema)
    : source_(std::move(schema)),
      compiled_source_(with_typed_keywords_guarded(source_)),
      compiled_(std::make_unique<valijson::Schema>()) {
  if (!source_.is_object() && !source_.is_boolean())
    throw std::invalid_argument("a JSON Schema is an object, got " + quote(source_));
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(compiled_source_);
    parser.populateSchema(adapter, *compiled_);
  } catch (const std::exception& e) {
    throw std::invalid_argument(e.what());
  }
  uses_std_regex_ = uses(source_, {"pattern", "patternProperties", "format"});
  uses_unique_items_ = uses(source_, {"uniqueItems"});
  uses_multiple_of_ = uses(source_, {"multipleOf"});
}

JsonSchema::~JsonSchema() = default;

std::vector<Violation> JsonSchema::check(const nlohmann::json& value) const {
  if (uses_std_regex_ || uses_unique_items_ || uses_multiple_of_) {
    std::vector<Violation> oversized;
    find_oversized(value, value, Pointer(),
                   Guards{uses_std_regex_, uses_unique_items_, uses_multiple_of_}, oversized);
    if (!oversized.empty()) return oversized;
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter document(value);
  if (validator.validate(*compiled_, document, &results)) return {};

  std::vector<Error> errors;
  Error error;
  while (results.popError(error)) errors.push_back(error);
  const std::set<Context> explained = explained_contexts(errors);
  std::vector<Violation> violations;
  std::size_t unlisted = 0;
  for (const Error& e : errors) {
    if (is_summary(e, explained)) continue;
    if (violations.size() == kMaxListedViolations) {
      ++unlisted;
      continue;
    }
    Location at = locate(value, e.context);
    auto named = unknown_key(e.description, source_, value, at);
    if (!named) named = missing_member(e.description, at);
    violations.push_back({"", at.pointer.to_string(), dotted_field(value, at.pointer),
                          named ? *named : message(e.description, source_, value, at)});
  }
  if (unlisted)
    violations.push_back({"", "", "", "and " + std::to_string(unlisted) + " more violations"});
  return violations;
}

std::string dotted_field(const nlohmann::json& document, const nlohmann::json::json_pointer& at) {
  std::string field;
  const nlohmann::json* node = &document;
  Pointer walked;
  // json_pointer has no public iteration: split its text (tokens are ~0 / ~1 escaped).
  const std::string text = at.to_string();
  std::size_t start = 1;
  while (start <= text.size() && !text.empty()) {
    std::size_t end = text.find('/', start);
    if (end == std::string::npos) end = text.size();
    std::string token = text.substr(start, end - start);
    for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i)
      token.replace(i, 2, i + 1 < token.size() && token[i + 1] == '1' ? "/" : "~");
    if (node && node->is_array()) {
      field += "[" + token + "]";
    } else {
      field += (field.empty() ? "" : ".") + token;
    }
    walked /= token;
    node =
        node && node->is_structured() && document.contains(walked) ? &document.at(walked) : nullptr;
    start = end + 1;
  }
  return field;
}

std::string describe(const std::vector<Violation>& violations) {
  std::string text;
  for (const Violation& v : violations) {
    std::string where;
    if (v.in == "query" || v.in == "path") {
      where = v.in + " parameter" + (v.field.empty() ? "s" : " '" + v.field + "'");
    } else {
      where = v.field.empty() ? (v.in.empty() ? "value" : v.in) : v.field;
    }
    text += (text.empty() ? "" : "; ") + where + ": " + v.message;
  }
  return text;
}

nlohmann::json to_json(const std::vector<Violation>& violations) {
  nlohmann::json list = nlohmann::json::array();
  for (const Violation& v : violations)
    list.push_back({{"in", v.in}, {"path", v.pointer}, {"message", v.message}});
  return list;
}

}  // namespace berth::contract
