#pragma once
// A JSON Schema compiled once (valijson, draft 7) and checked against many values, each
// violation with the JSON pointer, the dotted field name and a message that says what was
// expected and what was found. Used for plugin config sections, request inputs and job params.
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace valijson {
class Schema;
}

namespace berth::contract {

struct Violation {
  std::string in;       // where the document came from: "body", "query", "path", "params", ""
  std::string pointer;  // RFC 6901, relative to the document: "/tags/1"; "" is the whole of it
  std::string field;    // the same as a reader writes it: "tags[1]"; "" is the whole of it
  std::string message;  // "expected \"string\", got 5"
};

class JsonSchema {
 public:
  // Throws std::invalid_argument naming the problem when `schema` is not a usable JSON Schema.
  explicit JsonSchema(nlohmann::json schema);
  ~JsonSchema();
  JsonSchema(const JsonSchema&) = delete;
  JsonSchema& operator=(const JsonSchema&) = delete;

  // Every way `value` breaks the schema; empty when it conforms. Thread-safe.
  std::vector<Violation> check(const nlohmann::json& value) const;

  const nlohmann::json& source() const noexcept { return source_; }

 private:
  nlohmann::json source_;
  nlohmann::json compiled_source_;  // source_ as valijson is given it (see typed_keywords.h)
  std::unique_ptr<valijson::Schema> compiled_;
  // valijson matches "pattern", "patternProperties" and date/time "format"s with std::regex,
  // whose matcher recurses once per character: where the schema uses them, strings longer than
  // kMaxRegexCheckedBytes are refused before valijson sees them. Its uniqueItems compares every
  // pair and reports each equal one: arrays longer than kMaxUniqueCheckedItems likewise.
  bool uses_std_regex_ = false;
  bool uses_unique_items_ = false;
  bool uses_multiple_of_ = false;  // numbers beyond ±2^63 refused likewise
};

inline constexpr std::size_t kMaxRegexCheckedBytes = 1000;
inline constexpr std::size_t kMaxUniqueCheckedItems = 256;
// A value with more violations lists these and one "and N more violations".
inline constexpr std::size_t kMaxListedViolations = 100;

// "title", "tags[1]", "commands.du.argv[0]": how `pointer` reads in `document` (an array's
// elements by index, an object's members by name).
std::string dotted_field(const nlohmann::json& document, const nlohmann::json::json_pointer& at);

// "title: expected \"string\", got 5; tags[1]: ..." — the violations in one line, with their
// origin where it is not the body ("query parameter 'limit'").
std::string describe(const std::vector<Violation>& violations);

// [{"in", "path", "message"}], the `errors` member of a 400.
nlohmann::json to_json(const std::vector<Violation>& violations);

}  // namespace berth::contract
