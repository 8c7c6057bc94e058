#include "plugins/config_schema.h"

// Without it valijson aborts the process on a schema it cannot use; a plugin bug must not.
#define VALIJSON_USE_EXCEPTIONS 1

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace berth::plugins {
namespace {

using Pointer = nlohmann::json::json_pointer;

// valijson names a value by a context such as {"<root>", "[commands]", "[0]"}; whether "[0]" is an
// index or a key depends on the document, so the path is rebuilt by walking the config itself.
struct Location {
  Pointer pointer;
  std::vector<std::string> tokens;  // the pointer's parts, unescaped
  std::string path;                 // "commands.du.argv[1]", relative to the config section
};

Location locate(const nlohmann::json& config, const std::vector<std::string>& context) {
  Location at;
  const nlohmann::json* node = &config;
  for (const std::string& element : context) {
    if (element.size() < 2 || element.front() != '[' || element.back() != ']') continue;
    const std::string token = element.substr(1, element.size() - 2);
    const bool is_index =
        !token.empty() && token.size() < 10 && std::all_of(token.begin(), token.end(), ::isdigit);
    if (node && node->is_array() && is_index) {
      at.pointer /= static_cast<std::size_t>(std::stoul(token));
      at.path += element;
    } else {
      at.pointer /= token;
      at.path += (at.path.empty() ? "" : ".") + token;
    }
    at.tokens.push_back(token);
    node = node && config.contains(at.pointer) ? &config.at(at.pointer) : nullptr;
  }
  return at;
}

// The deepest value with a recorded mark: a missing key is reported where its parent is written.
config::Mark mark_of(const config::PluginEntry& entry, Pointer pointer) {
  for (;;) {
    if (auto it = entry.config_marks.find(pointer.to_string()); it != entry.config_marks.end())
      return it->second;
    if (pointer.empty()) return entry.mark;
    pointer = pointer.parent_pointer();
  }
}

// The subschema a value is checked against, for a message that says what was expected. Follows
// properties, additionalProperties and items only; nullptr where the schema is more dynamic.
const nlohmann::json* subschema(const nlohmann::json& schema, const nlohmann::json& config,
                                const std::vector<std::string>& tokens) {
  const nlohmann::json* s = &schema;
  Pointer walked;
  for (const std::string& token : tokens) {
    const bool index = config.contains(walked) && config.at(walked).is_array();
    walked /= token;
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
// code, not std::regex, which recurses per character of a description that quotes config values.
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

std::string describe(const nlohmann::json& value) {
  std::string text = value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

// valijson's wording, made to say what was expected and what was found.
std::string message(const std::string& description, const nlohmann::json& schema,
                    const nlohmann::json& config, const Location& at) {
  const nlohmann::json* value = config.contains(at.pointer) ? &config.at(at.pointer) : nullptr;
  // A scalar is short enough to quote; a map or list is where the mark points.
  const bool scalar = value && !value->is_structured();
  const std::string got = scalar ? ", got " + describe(*value) : "";
  if (description.rfind("Value type not permitted", 0) == 0) {
    const nlohmann::json* s = subschema(schema, config, at.tokens);
    if (s && s->contains("type")) return "expected " + describe((*s)["type"]) + got;
    return "wrong type" + got;
  }
  std::string text = without_printf_zeros(description);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + got;
}

// "Failed to validate item #1 in array." and its like only repeat a deeper error.
bool is_summary(const valijson::ValidationResults::Error& error,
                const std::vector<valijson::ValidationResults::Error>& all) {
  if (error.description.rfind("Failed to validate", 0) != 0) return false;
  return std::any_of(all.begin(), all.end(), [&](const auto& other) {
    return other.context.size() > error.context.size() &&
           std::equal(error.context.begin(), error.context.end(), other.context.begin());
  });
}

// "...could not be validated using 'properties' or 'additionalProperties' constraints: 'colour'."
// names an unknown key: point at the key itself and list the keys the schema allows.
std::optional<std::string> unknown_key(const std::string& description, const nlohmann::json& schema,
                                       const nlohmann::json& config, Location& at) {
  const std::string marker = "constraints: '";
  const auto begin = description.rfind(marker);
  const auto end = description.rfind('\'');
  if (begin == std::string::npos || end <= begin + marker.size()) return std::nullopt;
  const std::string key = description.substr(begin + marker.size(), end - begin - marker.size());
  std::string allowed;
  if (const nlohmann::json* s = subschema(schema, config, at.tokens);
      s && s->contains("properties"))
    for (const auto& [name, _] : (*s)["properties"].items())
      allowed += (allowed.empty() ? "" : ", ") + name;
  at.pointer /= key;
  at.tokens.push_back(key);
  at.path += (at.path.empty() ? "" : ".") + key;
  return "unknown key '" + key + "'" + (allowed.empty() ? "" : " (allowed: " + allowed + ")");
}

// Debian's valijson (1.0) matches "pattern", "patternProperties" and the date and time "format"s
// with std::regex, whose matcher recurses once per character: a long enough config string would
// overflow the stack. Where a schema uses them, longer strings are refused before valijson runs.
constexpr std::size_t kMaxRegexCheckedBytes = 1000;

bool uses_std_regex(const nlohmann::json& schema) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.items())
      if (key == "pattern" || key == "patternProperties" || key == "format" ||
          uses_std_regex(value))
        return true;
  } else if (schema.is_array()) {
    for (const auto& item : schema)
      if (uses_std_regex(item)) return true;
  }
  return false;
}

// Every key and string value longer than kMaxRegexCheckedBytes, as a problem at its YAML line.
void find_overlong_strings(const config::PluginEntry& entry, const nlohmann::json& value,
                           const Pointer& pointer, const std::string& path,
                           std::vector<config::Problem>& problems) {
  auto report = [&](std::size_t size, const Pointer& at, const std::string& where) {
    problems.push_back({mark_of(entry, at), where,
                        std::to_string(size) + " bytes is longer than the " +
                            std::to_string(kMaxRegexCheckedBytes) +
                            " that the plugin's schema can check with its patterns"});
  };
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().size() > kMaxRegexCheckedBytes)
      report(value.get_ref<const std::string&>().size(), pointer, path);
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      const std::string item_path = path + "." + key;
      if (key.size() > kMaxRegexCheckedBytes) report(key.size(), pointer, path);
      find_overlong_strings(entry, item, pointer / key, item_path, problems);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      find_overlong_strings(entry, value[i], pointer / i, path + "[" + std::to_string(i) + "]",
                            problems);
  }
}

}  // namespace

std::vector<config::Problem> check_plugin_config(const config::PluginEntry& entry,
                                                 std::string_view schema_text,
                                                 std::string_view plugin_file) {
  const std::string source = std::string(plugin_file) + ": plugin '" + entry.name + "'";
  nlohmann::json schema = nlohmann::json::parse(schema_text, nullptr, false);
  if (schema.is_discarded() || !schema.is_object())
    return {{entry.mark, "", source + " declares a config schema that is not a JSON object"}};
  valijson::Schema compiled;
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema);
    parser.populateSchema(adapter, compiled);
  } catch (const std::exception& e) {
    return {{entry.mark, "", source + " declares an unusable config schema: " + e.what()}};
  }

  if (uses_std_regex(schema)) {
    std::vector<config::Problem> overlong;
    find_overlong_strings(entry, entry.config, Pointer(), entry.config_path, overlong);
    if (!overlong.empty()) return overlong;
  }

  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter document(entry.config);
  if (validator.validate(compiled, document, &results)) return {};

  std::vector<valijson::ValidationResults::Error> errors;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) errors.push_back(error);
  std::vector<config::Problem> problems;
  for (const auto& e : errors) {
    if (is_summary(e, errors)) continue;
    Location at = locate(entry.config, e.context);
    const auto unknown = unknown_key(e.description, schema, entry.config, at);
    const std::string path =
        at.path.empty() ? entry.config_path
                        : entry.config_path + (at.path.front() == '[' ? "" : ".") + at.path;
    problems.push_back({mark_of(entry, at.pointer), path,
                        unknown ? *unknown : message(e.description, schema, entry.config, at)});
  }
  return problems;
}

}  // namespace berth::plugins
