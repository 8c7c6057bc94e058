#include "client/ts_names.h"

#include <array>
#include <cctype>
#include <vector>

namespace berth::client {
namespace {

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Words split on anything that is not a letter or digit; letters inside a word keep their case,
// so an already camelCased name survives.
std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string word;
  for (char c : name) {
    if (is_alnum(c)) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

char upper(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}
char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string joined(std::string_view name, bool first_upper, const char* fallback) {
  std::string out;
  for (std::string word : words(name)) {
    word[0] = (out.empty() && !first_upper) ? lower(word[0]) : upper(word[0]);
    out += word;
  }
  if (out.empty()) out = fallback;
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

}  // namespace

std::string camel_case(std::string_view name) {
  return joined(name, false, "op");
}

std::string pascal_case(std::string_view name) {
  return joined(name, true, "Op");
}

bool is_reserved_word(std::string_view name) {
  static constexpr std::array kWords = {
      "arguments", "await",      "break",   "case",    "catch",      "class",     "const",
      "continue",  "debugger",   "default", "delete",  "do",         "else",      "enum",
      "eval",      "export",     "extends", "false",   "finally",    "for",       "function",
      "if",        "implements", "import",  "in",      "instanceof", "interface", "let",
      "new",       "null",       "package", "private", "protected",  "public",    "return",
      "static",    "super",      "switch",  "this",    "throw",      "true",      "try",
      "typeof",    "var",        "void",    "while",   "with",       "yield",     "any",
      "boolean",   "never",      "number",  "object",  "string",     "symbol",    "undefined",
      "unknown",   "bigint"};
  for (const char* word : kWords)
    if (name == word) return true;
  return false;
}

std::string variable_name(std::string_view name) {
  std::string out(name);
  return is_reserved_word(out) ? out + "_" : out;
}

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!is_alnum(c) && c != '_' && c != '$') return false;
  return true;
}

std::string property_key(std::string_view key) {
  if (is_identifier(key)) return std::string(key);
  std::string out = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string NameScope::claim(const std::string& wanted) {
  std::string name = wanted;
  for (int n = 2; taken_.count(name); ++n) name = wanted + std::to_string(n);
  taken_.insert(name);
  return name;
}

}  // namespace berth::client
