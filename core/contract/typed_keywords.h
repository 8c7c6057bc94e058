#pragma once
// Some keywords apply to one type only: "format" to strings, "multipleOf" to numbers. valijson 1.0
// applies them to more (found by fuzzing, each reachable by any client where a plugin's schema
// uses the keyword): it reads every value it checks a format against as a string, throwing for an
// object or a list, and takes a numeric string ("21e999") as a number for multipleOf, converting
// infinity to a 64-bit integer (undefined behaviour). The schema valijson compiles gets each such
// keyword moved under {"if": {"type": T}, "then": {...}}, which is what the keyword means.
#include <nlohmann/json.hpp>

namespace berth::contract {

// `schema` with those keywords guarded so; keywords are found only where a subschema can be (a
// property named "format", or a "format" inside "default" or "enum", is left alone).
nlohmann::json with_typed_keywords_guarded(nlohmann::json schema);

}  // namespace berth::contract
