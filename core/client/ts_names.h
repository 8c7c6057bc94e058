#pragma once
// Identifiers for the generated TypeScript: names from the OpenAPI document (plugin names like
// `my-plugin`, operation names, parameter names) made valid, readable and unique.
#include <set>
#include <string>
#include <string_view>

namespace berth::client {

// "list-jobs", "list_jobs", "ListJobs" -> "listJobs"; "" or all punctuation -> "op".
std::string camel_case(std::string_view name);
// "my-plugin" -> "MyPlugin".
std::string pascal_case(std::string_view name);

// JavaScript reserved words (ES2015+ strict mode, plus TypeScript's type keywords where a name
// is used as a type): not usable as a variable or parameter name.
bool is_reserved_word(std::string_view name);

// `name` usable as a variable: reserved words get a trailing underscore.
std::string variable_name(std::string_view name);

// A property key as written in an object literal or type: bare when it is an identifier, else
// a JSON string literal.
std::string property_key(std::string_view key);
bool is_identifier(std::string_view name);

// Hands out names unique within one scope: the first asker gets `wanted`, later ones
// `wanted2`, `wanted3`, ... Callers ask in a deterministic order, so output is stable.
class NameScope {
 public:
  NameScope() = default;
  explicit NameScope(std::set<std::string> taken) : taken_(std::move(taken)) {}
  std::string claim(const std::string& wanted);
  bool taken(const std::string& name) const { return taken_.count(name) != 0; }

 private:
  std::set<std::string> taken_;
};

}  // namespace berth::client
