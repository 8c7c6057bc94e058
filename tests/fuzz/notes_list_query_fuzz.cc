// GET /notes?limit=&cursor=&q= as a client writes the query: the target decoded as the host does,
// then the plugin's parameter checks and its LIKE pattern.
#include "fuzz_target.h"
#include "http/uri.h"
#include "list_query.h"
#include "validate.h"

#include <string>

BERTH_FUZZ_TARGET(notes_list_query) {
  berth::Request request;
  request.target = "/notes?" + std::string(berth::fuzz::as_text(data, size));
  if (!berth::http::decode_target(request)) return 0;
  try {
    notes::ListQuery query = notes::parse_list_query(request);
    BERTH_FUZZ_CHECK(query.limit >= 1 && query.limit <= notes::kMaxLimit);
    BERTH_FUZZ_CHECK(!query.before_id || *query.before_id > 0);
    BERTH_FUZZ_CHECK(notes::utf8_length(query.q) <= notes::kMaxQueryLength);
    const std::string pattern = notes::like_pattern(query.q);
    BERTH_FUZZ_CHECK(pattern.size() >= query.q.size() + 2);
    BERTH_FUZZ_CHECK(pattern.front() == '%' && pattern.back() == '%');
  } catch (const berth::HttpError& e) {
    BERTH_FUZZ_CHECK(e.status() == 400);
    BERTH_FUZZ_CHECK(e.details().contains("field"));
  }
  return 0;
}
