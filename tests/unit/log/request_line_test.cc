#include "log/request_line.h"
#include "log/json_text.h"
#include "log/utc_time.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace berth::log;
using namespace std::chrono_literals;

// What nlohmann makes of the same bytes, invalid UTF-8 replaced: the escaper must agree.
std::string expected_value(const std::string& text) {
  return nlohmann::json::parse(
             nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

std::string json_string(const std::string& text) {
  std::string out(json_string_bound(text.size()), '\0');
  out.resize(static_cast<std::size_t>(write_json_string(out.data(), text) - out.data()));
  CHECK(out.size() <= json_string_bound(text.size()));
  return out;
}

std::string round_trip(const std::string& text) {
  return nlohmann::json::parse(json_string(text)).get<std::string>();  // throws on invalid JSON
}

}  // namespace

TEST_CASE("the escaper's output parses back to the input") {
  for (const std::string& text :
       {std::string(""), std::string("plain /hello?x=1"), std::string("quote \" and \\ back"),
        std::string("new\nline\r\ttab\b\f"), std::string("nul\0inside", 10),
        std::string("\x01\x1f\x7f"), std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
        std::string("</script>\u2028")}) {
    CAPTURE(text);
    CHECK(round_trip(text) == text);
  }
}

TEST_CASE("a byte to escape is found wherever it falls in the eight bytes copied at once") {
  // The escaper tests and copies eight plain bytes at a time: each special byte at each offset of
  // strings around and across that width, plain bytes of every value around it.
  const std::vector<std::string> specials = {
      "\"",       "\\",           "\n",   std::string(1, '\0'), "\x1f", "\x7f",
      "\xc3\xa9", "\xe2\x82\xac", "\xff", "\xf0\x9f\x98\x80"};
  for (const std::string& special : specials) {
    for (std::size_t length = 1; length <= 24; ++length) {
      for (std::size_t at = 0; at + special.size() <= length; ++at) {
        std::string text;
        for (std::size_t k = 0; k < length; ++k) text += static_cast<char>(0x20 + (k * 7) % 0x5f);
        text.replace(at, special.size(), special);
        CAPTURE(text);
        CHECK(round_trip(text) == expected_value(text));
      }
    }
  }
  // Every plain byte value (0x20-0x7e but the quote and backslash) in every position of a word.
  std::string plain;
  for (int c = 0x20; c < 0x7f; ++c)
    if (c != '"' && c != '\\') plain += static_cast<char>(c);
  for (std::size_t shift = 0; shift < 8; ++shift) {
    const std::string text = std::string(shift, 'x') + plain;
    CHECK(json_string(text) == '"' + text + '"');
  }
}

TEST_CASE("invalid UTF-8 is replaced by U+FFFD; the valid text around it stays") {
  for (const std::string& text :
       {std::string("\xff"), std::string("a\xc3"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"), std::string("\xe2\x82"),
        std::string("x\x80y\xbfz"), std::string("\xf0\x9f\x98")}) {
    CAPTURE(text);
    const std::string back = round_trip(text);
    CHECK(back.find("\xEF\xBF\xBD") != std::string::npos);
    CHECK(back.find_first_of("\xff\xc0\xed\xf4\xf0") == std::string::npos);
  }
  CHECK(round_trip("x\x80y\xbfz") == "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  CHECK(round_trip("a\xc3") == "a\xEF\xBF\xBD");
  for (const std::string& text : {std::string("\xff"), std::string("ok\xfe")}) {
    CHECK(round_trip(text) == expected_value(text));  // a lone bad byte: as nlohmann replaces it
  }
}

TEST_CASE("a huge hostile string stays one valid JSON string, within its bound") {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += std::string("\"\\\n\0\xff\xc3\xa9", 7);
  CHECK(round_trip(text) == expected_value(text));
  const std::string controls(1000, '\x01');  // the worst case: six bytes each
  CHECK(json_string(controls).size() == json_string_bound(controls.size()));
}

TEST_CASE("the cached timestamp matches utc_timestamp, millisecond by millisecond") {
  auto t = std::chrono::system_clock::time_point(1704164645123ms);  // 2024-01-02T03:04:05.123Z
  for (int i = 0; i < 2500; i += 7) {
    char out[kTimestampBytes];
    char* end = write_utc_timestamp(out, t + std::chrono::milliseconds(i));
    CHECK(std::string(out, static_cast<std::size_t>(end - out)) ==
          utc_timestamp(t + std::chrono::milliseconds(i)));
  }
}

TEST_CASE("the request line carries every field and parses back to the same values") {
  const std::string hostile = std::string("a\"b\\c\nd\0e\xff", 11);
  std::string buffer = "old content is written over, and the buffer kept";
  const auto formatted = format_request_line(
      buffer, std::chrono::system_clock::time_point(1704164645123ms), berth::LogLevel::error,
      {.id = "req-1",
       .remote_ip = "unix:pid=42",
       .host = hostile,
       .method = "GET",
       .uri = "/hello?q=" + hostile,
       .user_agent = hostile,
       .error = "boom \"quoted\"",
       .plugin = "hello",
       .status = 503,
       .latency = 1234567ns,
       .bytes_in = 12,
       .bytes_out = 34});
  const std::string line(formatted.text);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.substr(formatted.fields_at).starts_with(R"("id":"req-1",)"));
  const auto j = nlohmann::json::parse(line);
  CHECK(j.size() == 16);  // time, level, msg and the 13 request fields
  CHECK(j["time"] == "2024-01-02T03:04:05.123Z");
  CHECK(j["level"] == "error");
  CHECK(j["msg"] == "request");
  CHECK(j["id"] == "req-1");
  CHECK(j["remote_ip"] == "unix:pid=42");
  CHECK(j["host"] == expected_value(hostile));
  CHECK(j["method"] == "GET");
  CHECK(j["uri"] == expected_value("/hello?q=" + hostile));
  CHECK(j["user_agent"] == expected_value(hostile));
  CHECK(j["status"] == 503);
  CHECK(j["error"] == "boom \"quoted\"");
  CHECK(j["latency"] == 1234567);
  CHECK(j["latency_human"] == "1.234567ms");
  CHECK(j["bytes_in"] == 12);
  CHECK(j["bytes_out"] == 34);
  CHECK(j["plugin"] == "hello");
}

TEST_CASE("the request line's numbers at their largest fit the room it makes") {
  std::string buffer;
  const auto line = format_request_line(buffer, std::chrono::system_clock::time_point::max(),
                                        berth::LogLevel::error,
                                        {.status = INT_MAX,
                                         .latency = std::chrono::nanoseconds::max(),
                                         .bytes_in = UINT64_MAX,
                                         .bytes_out = UINT64_MAX});
  const auto j = nlohmann::json::parse(line.text);
  CHECK(j["status"] == INT_MAX);
  CHECK(j["bytes_in"] == UINT64_MAX);
  CHECK(j["bytes_out"] == UINT64_MAX);
  CHECK(j["time"].get<std::string>().size() == kTimestampBytes);
}

TEST_CASE("latency_human is what printf's six decimals of the milliseconds gave") {
  std::vector<std::int64_t> samples = {
      0,       1,       9,       999,         1000,          999999,
      1000000, 1000001, 1234567, 59999999999, 3600000000000, 86400000000000};
  std::uint64_t x = 88172645463325252ull;  // xorshift: latencies of every magnitude to 10^15 ns
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    samples.push_back(static_cast<std::int64_t>(x % 1'000'000'000'000'000 >> (x % 50)));
  }
  std::string buffer;
  for (const std::int64_t ns : samples) {
    const auto line =
        format_request_line(buffer, std::chrono::system_clock::time_point(), berth::LogLevel::info,
                            {.latency = std::chrono::nanoseconds(ns)});
    char expected[64];
    std::snprintf(expected, sizeof expected, "%.6fms", static_cast<double>(ns) / 1e6);
    CAPTURE(ns);
    CHECK(nlohmann::json::parse(line.text)["latency_human"] == expected);
  }
}

TEST_CASE("log.requests: all, errors (status >= 400 or slow), off") {
  const RequestLogPolicy all{RequestLogMode::all, 1s};
  const RequestLogPolicy errors{RequestLogMode::errors, 1s};
  const RequestLogPolicy off{RequestLogMode::off, 1s};
  CHECK(should_log(all, 200, 1ms));
  CHECK(should_log(all, 404, 1ms));
  CHECK_FALSE(should_log(errors, 200, 1ms));
  CHECK_FALSE(should_log(errors, 399, 999ms));
  CHECK(should_log(errors, 400, 1ms));
  CHECK(should_log(errors, 500, 1ms));
  CHECK(should_log(errors, 200, 1s));  // at the threshold: slow
  CHECK(should_log(errors, 200, 5s));
  CHECK_FALSE(should_log(off, 500, 5s));
  CHECK_FALSE(should_log(off, 200, 1ms));
}

TEST_CASE("a request record decodes to the same fields and formats to the same line") {
  const std::string hostile = std::string("a\"b\\c\nd\0e\xff", 11);
  const std::string uri = "/notes/7?x=" + hostile;
  const RequestLogFields fields{.id = "req-1",
                                .remote_ip = "unix:pid=42",
                                .host = hostile,
                                .method = "DELETE",
                                .uri = uri,
                                .user_agent = "",
                                .error = "boom",
                                .plugin = "notes",
                                .status = 412,
                                .latency = 987654321ns,
                                .bytes_in = 5,
                                .bytes_out = 77};
  const auto time = std::chrono::system_clock::time_point(1704164645123ms) + 456us;
  std::string record = std::string(300, 'x');  // a longer record before: written over
  encode_request_record(record, time, berth::LogLevel::warn, fields);
  const auto decoded = decode_request_record(record);
  REQUIRE(decoded);
  CHECK(decoded->time == time);
  CHECK(decoded->level == berth::LogLevel::warn);
  CHECK(decoded->fields.host == hostile);
  CHECK(decoded->fields.uri == fields.uri);
  CHECK(decoded->fields.user_agent.empty());
  CHECK(decoded->fields.plugin == "notes");
  CHECK(decoded->fields.status == 412);
  CHECK(decoded->fields.latency == 987654321ns);
  CHECK(decoded->fields.bytes_in == 5);
  CHECK(decoded->fields.bytes_out == 77);

  std::string direct_buffer;
  const auto direct = format_request_line(direct_buffer, time, berth::LogLevel::warn, fields);
  std::string line = "kept|";
  append_request_line(record, line);
  CHECK(line == "kept|" + std::string(direct.text));
  std::string members;
  append_request_line(record, members, true);
  CHECK(members == "{" + std::string(direct.text.substr(direct.fields_at)));
  CHECK(nlohmann::json::parse(members)["status"] == 412);
}

TEST_CASE("bytes that are not a whole record decode to nothing and format to nothing") {
  std::string record;
  encode_request_record(record, std::chrono::system_clock::now(), berth::LogLevel::info,
                        {.id = "a", .uri = "/x"});
  REQUIRE(decode_request_record(record));
  for (std::size_t cut = 0; cut < record.size(); ++cut)
    CHECK_FALSE(decode_request_record(std::string_view(record).substr(0, cut)));
  CHECK_FALSE(decode_request_record(record + "extra"));
  std::string bad_level = record;
  bad_level[36] = 9;  // RecordHeader::level
  CHECK_FALSE(decode_request_record(bad_level));
  std::string out;
  append_request_line("not a record", out);
  CHECK(out.empty());
}
