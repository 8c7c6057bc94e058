#include "etag.h"

#include <doctest/doctest.h>

using namespace notes;

TEST_CASE("an ETag is the quoted id and revision") {
  CHECK(format_etag(42, 3) == "\"42-3\"");
  CHECK(format_etag(1, 1) == "\"1-1\"");
}

TEST_CASE("If-Match compares strongly and accepts * and lists") {
  const std::string current = "\"42-3\"";
  CHECK(if_match("\"42-3\"", current));
  CHECK(if_match("*", current));
  CHECK(if_match("  *  ", current));
  CHECK(if_match("\"42-1\", \"42-3\"", current));
  CHECK(if_match("\"42-1\",\"42-3\"", current));
  CHECK_FALSE(if_match("\"42-2\"", current));
  CHECK_FALSE(if_match("\"42-1\", \"42-2\"", current));
  CHECK_FALSE(if_match("W/\"42-3\"", current));  // weak tags never match If-Match
  CHECK_FALSE(if_match("42-3", current));        // unquoted is not the same tag
  CHECK_FALSE(if_match("\"4-3\"", current));
  CHECK_FALSE(if_match("", current));
  CHECK_FALSE(if_match(",", current));
  CHECK_FALSE(if_match("\"42-3\"x", current));
}

TEST_CASE("If-None-Match compares weakly") {
  const std::string current = "\"7-2\"";
  CHECK(if_none_match_hits("\"7-2\"", current));
  CHECK(if_none_match_hits("W/\"7-2\"", current));
  CHECK(if_none_match_hits("\"7-1\", W/\"7-2\"", current));
  CHECK(if_none_match_hits("*", current));
  CHECK_FALSE(if_none_match_hits("\"7-1\"", current));
  CHECK_FALSE(if_none_match_hits("", current));
}
