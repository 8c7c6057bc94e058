#pragma once
// JSON Schema's "format" applies to strings only, but valijson 1.0 reads every value it checks a
// format against as a string, and throws for an object or a list (found by fuzzing: any client
// could send one where a plugin's schema has a format). The schema valijson compiles gets each
// "format" moved under {"if": {"type": "string"}, "then": {"format": ...}}, which is what the
// keyword means.
#include <nlohmann/json.hpp>

namespace berth::contract {

// `schema` with every "format" keyword guarded so; keywords are found only where a subschema can
// be (so a property named "format" or a "format" inside "default" or "enum" is left alone).
nlohmann::json with_string_only_formats(nlohmann::json schema);

}  // namespace berth::contract
