// A request body as a plugin sees it: Request::json(), then what handlers do with the value
// (copy it into a response, dump it, destroy it).
#include "fuzz_target.h"

#include <berth/request.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

// 1e999 parses as infinity, which dump() writes as null (issue 13: bad input, answered 400 by the
// parser's callers): such values cannot round-trip. Iterative, so deep input cannot overflow.
bool has_non_finite_number(const nlohmann::json& root) {
  std::vector<const nlohmann::json*> pending{&root};
  while (!pending.empty()) {
    const nlohmann::json* v = pending.back();
    pending.pop_back();
    if (v->is_number_float() && !std::isfinite(v->get<double>())) return true;
    if (v->is_structured())
      for (const auto& child : *v) pending.push_back(&child);
  }
  return false;
}

}  // namespace

BERTH_FUZZ_TARGET(request_json) {
  berth::Request request;
  request.body = std::string(berth::fuzz::as_text(data, size));
  try {
    const nlohmann::json& value = request.json();
    BERTH_FUZZ_CHECK(&value == &request.json());  // parsed once
    nlohmann::json copy = value;                  // the echo route's copy
    const std::string text = copy.dump();
    if (!has_non_finite_number(value)) BERTH_FUZZ_CHECK(nlohmann::json::parse(text) == value);
  } catch (const berth::HttpError& e) {
    BERTH_FUZZ_CHECK(e.status() >= 400 && e.status() < 500);
    BERTH_FUZZ_CHECK(std::string(e.what()).size() > 0);
  }
  return 0;
}
