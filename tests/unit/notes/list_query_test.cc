#include "test_helpers.h"

#include "cursor.h"
#include "list_query.h"

#include <doctest/doctest.h>

using namespace notes;
using notes::test::failure_of;

namespace {

berth::Request with_query(std::initializer_list<std::pair<std::string, std::string>> params) {
  berth::Request r;
  for (const auto& [k, v] : params) r.query.emplace(k, v);
  return r;
}

void check_rejects(const berth::Request& request, const std::string& message,
                   const std::string& field) {
  auto f = failure_of([&] { parse_list_query(request); });
  CHECK(f.status == 400);
  CHECK(f.message == message);
  CHECK(f.details == nlohmann::json{{"field", field}});
}

const std::string kLimitProblem = "limit: must be an integer from 1 to 200";
const std::string kCursorProblem =
    "cursor: malformed cursor (use next_cursor from the previous page)";

}  // namespace

TEST_CASE("no parameters: 50 newest notes, no search") {
  ListQuery q = parse_list_query(berth::Request{});
  CHECK(q.limit == 50);
  CHECK_FALSE(q.before_id);
  CHECK(q.q == "");
}

TEST_CASE("limit is an integer from 1 to 200") {
  CHECK(parse_list_query(with_query({{"limit", "1"}})).limit == 1);
  CHECK(parse_list_query(with_query({{"limit", "200"}})).limit == 200);
  CHECK(parse_list_query(with_query({{"limit", "10"}, {"limit", "999"}})).limit == 10);
  for (const char* bad : {"0", "201", "-1", "abc", "", "10x", " 10", "1.5", "99999999999"}) {
    CAPTURE(bad);
    check_rejects(with_query({{"limit", bad}}), kLimitProblem, "limit");
  }
}

TEST_CASE("cursor decodes to the id to continue below") {
  CHECK(parse_list_query(with_query({{"cursor", encode_cursor(17)}})).before_id == 17);
  for (const char* bad : {"", "garbage!", "NDI=", "MA"}) {
    CAPTURE(bad);
    check_rejects(with_query({{"cursor", bad}}), kCursorProblem, "cursor");
  }
}

TEST_CASE("q is passed through and limited to 500 characters") {
  CHECK(parse_list_query(with_query({{"q", " 100% _x_ "}})).q == " 100% _x_ ");
  CHECK(parse_list_query(with_query({{"q", std::string(500, 'q')}})).q.size() == 500);
  check_rejects(with_query({{"q", std::string(501, 'q')}}), "q: must be at most 500 characters",
                "q");
}

TEST_CASE("like_pattern escapes %, _ and the escape character itself") {
  CHECK(like_pattern("") == "%%");
  CHECK(like_pattern("plain") == "%plain%");
  CHECK(like_pattern("100%") == "%100\\%%");
  CHECK(like_pattern("a_b") == "%a\\_b%");
  CHECK(like_pattern("C:\\dir") == "%C:\\\\dir%");
  CHECK(like_pattern("it's \"x\"") == "%it's \"x\"%");  // quotes are data: the pattern is bound
}
