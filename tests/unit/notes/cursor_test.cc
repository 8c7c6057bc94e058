#include "cursor.h"
#include "ids.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

using namespace notes;

TEST_CASE("base64url without padding, RFC 4648 test vectors") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("foobar") == "Zm9vYmFy");
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64url_decode("Zm9vYmFy") == "foobar");
  CHECK(base64url_decode("Zg") == "f");
  CHECK(base64url_decode("-_8") == "\xfb\xff");
}

TEST_CASE("a cursor is base64url of the decimal id and decodes back") {
  CHECK(encode_cursor(42) == "NDI");
  CHECK(encode_cursor(1) == "MQ");
  for (std::int64_t id : {std::int64_t{1}, std::int64_t{42}, std::int64_t{1000000},
                          std::numeric_limits<std::int64_t>::max()}) {
    CAPTURE(id);
    CHECK(decode_cursor(encode_cursor(id)) == id);
  }
}

TEST_CASE("malformed cursors do not decode") {
  const char* malformed[] = {
      "",                            // nothing
      "N",                           // one sextet cannot end a byte string
      "NDI=",                        // padding is not part of the format
      "ND I",                        // space
      "NDI!",                        // outside the alphabet
      "ND+/",                        // standard base64, not base64url
      "NDJ",                         // non-zero leftover bits: "42" has only one encoding
      "YWJj",                        // "abc"
      "MA",                          // "0"
      "LTE",                         // "-1"
      "MDQy",                        // "042"
      "KzQy",                        // "+42"
      "OTIyMzM3MjAzNjg1NDc3NTgwOA",  // 9223372036854775808 overflows int64
  };
  for (const char* cursor : malformed) {
    CAPTURE(cursor);
    CHECK_FALSE(decode_cursor(cursor));
  }
}

TEST_CASE("ids in URLs are canonical positive decimal int64") {
  CHECK(parse_id("1") == 1);
  CHECK(parse_id("42") == 42);
  CHECK(parse_id("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  for (const char* bad : {"", "0", "-1", "+1", "01", "1.0", "1e3", "abc", " 1", "1 ", "0x10",
                          "9223372036854775808", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_id(bad));
  }
}
