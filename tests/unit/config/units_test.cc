// parse_duration / parse_size, reusable for command-line flags.
#include "config/units.h"

#include <doctest/doctest.h>

namespace berth::config {
namespace {

using namespace std::chrono_literals;

std::string duration_error(std::string_view text) {
  const auto parsed = parse_duration(text);
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error();
}

std::string size_error(std::string_view text) {
  const auto parsed = parse_size(text);
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error();
}

TEST_CASE("parse_duration") {
  CHECK(parse_duration("0") == 0ms);
  CHECK(parse_duration("250") == 250ms);
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("10s") == 10s);
  CHECK(parse_duration("2m") == 2min);
  CHECK(parse_duration("1h") == 1h);
  CHECK(parse_duration("5 s") == 5s);
  CHECK(parse_duration("+5s") == 5s);
  CHECK(parse_duration("-0") == 0ms);
  CHECK(parse_duration("9223372036854775807ms") == std::chrono::milliseconds::max());
  CHECK_FALSE(parse_duration("").has_value());
  CHECK_FALSE(parse_duration("s").has_value());
  CHECK_FALSE(parse_duration("10S").has_value());
  CHECK_FALSE(parse_duration(" 10s").has_value());
  CHECK_FALSE(parse_duration("10s ").has_value());
  CHECK_FALSE(parse_duration("1d").has_value());
  CHECK(duration_error("-1") == "a duration must not be negative, got '-1'");
  CHECK(duration_error("3d") == "unknown duration unit 'd' in '3d'; expected one of: ms, s, m, h");
  CHECK(duration_error("9223372036854775808ms") == "duration '9223372036854775808ms' is too large");
  CHECK(duration_error("2562047788015216h") == "duration '2562047788015216h' is too large");
  CHECK(duration_error("99999999999999999999999") ==
        "duration '99999999999999999999999' is too large");
  CHECK(duration_error("") ==
        "expected a duration such as 250ms, 10s, 2m or 1h (a bare number is milliseconds), got ''");
  CHECK(duration_error("0.5s") ==
        "a duration must be a whole number (use a smaller unit, e.g. 1500ms for 1.5s), got '0.5s'");
}

TEST_CASE("parse_size") {
  CHECK(parse_size("0") == 0u);
  CHECK(parse_size("17") == 17u);
  CHECK(parse_size("17B") == 17u);
  CHECK(parse_size("1KiB") == 1024u);
  CHECK(parse_size("1MiB") == 1024u * 1024);
  CHECK(parse_size("1GiB") == 1024u * 1024 * 1024);
  CHECK(parse_size("1KB") == 1000u);
  CHECK(parse_size("1MB") == 1000u * 1000);
  CHECK(parse_size("1GB") == 1000u * 1000 * 1000);
  CHECK(parse_size("3k") == 3072u);
  CHECK(parse_size("3K") == 3072u);
  CHECK(parse_size("3M") == 3u * 1024 * 1024);
  CHECK(parse_size("3G") == 3ull * 1024 * 1024 * 1024);
  CHECK(parse_size("18446744073709551615") == SIZE_MAX);
  CHECK_FALSE(parse_size("1kb").has_value());
  CHECK_FALSE(parse_size("1mib").has_value());
  CHECK(size_error("18446744073709551616") == "size '18446744073709551616' is too large");
  CHECK(size_error("17179869184G") == "size '17179869184G' is too large");
  CHECK(size_error("-3MiB") == "a size must not be negative, got '-3MiB'");
  CHECK(
      size_error("1TB") ==
      "unknown size unit 'TB' in '1TB'; expected one of: B, KiB, MiB, GiB, KB, MB, GB, k, K, M, G");
  CHECK(size_error("MiB") == "expected a size such as 4096, 64KiB or 1MiB, got 'MiB'");
}

TEST_CASE("format_duration picks the largest exact unit") {
  CHECK(format_duration(0ms) == "0ms");
  CHECK(format_duration(1500ms) == "1500ms");
  CHECK(format_duration(2000ms) == "2s");
  CHECK(format_duration(90s) == "90s");
  CHECK(format_duration(2min) == "2m");
  CHECK(format_duration(24h) == "24h");
}

}  // namespace
}  // namespace berth::config
