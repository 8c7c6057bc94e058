#include "log/json_text.h"

#include "log/utc_time.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string>

namespace berth::log {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Bytes copied as they are: printable ASCII but the quote and the backslash. One load per byte
// instead of four comparisons.
constexpr auto kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// The length of the well-formed UTF-8 sequence at text[i] (2 to 4), or 0 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < text.size() && (byte(k) & 0xC0) == 0x80; };
  const unsigned char c = byte(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && byte(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && byte(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Whether any of the eight bytes of `word` is not plain: below 0x20, 0x80 or above, a quote or a
// backslash. Request lines are mostly plain ASCII; eight bytes tested and copied at once cost
// about what one byte did through the table.
bool any_special(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  // Bytes of x below n (n <= 0x80) set their high bit in (x - n * kOnes) & ~x; a borrow can only
  // mark bytes above a true one, so "any" is exact.
  const auto below = [](std::uint64_t x, std::uint64_t n) { return (x - n * kOnes) & ~x; };
  const std::uint64_t marks =
      below(word, 0x20) | word | below(word ^ ('"' * kOnes), 1) | below(word ^ ('\\' * kOnes), 1);
  return (marks & kHighs) != 0;
}

}  // namespace

char* write_json_string(char* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out++ = '"';
  std::size_t i = 0;
  while (i < text.size()) {
    for (std::uint64_t word; i + 8 <= text.size(); i += 8, out += 8) {
      std::memcpy(&word, text.data() + i, 8);
      if (any_special(word)) break;
      std::memcpy(out, &word, 8);
    }
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (kPlain[c]) {
      *out++ = static_cast<char>(c);
      ++i;
    } else if (c == '"' || c == '\\') {
      *out++ = '\\';
      *out++ = static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      *out++ = '\\';
      switch (c) {
        case '\n': *out++ = 'n'; break;
        case '\r': *out++ = 'r'; break;
        case '\t': *out++ = 't'; break;
        case '\b': *out++ = 'b'; break;
        case '\f': *out++ = 'f'; break;
        default:
          out = std::copy_n("u00", 3, out);
          *out++ = kHex[c >> 4];
          *out++ = kHex[c & 0xF];
      }
      ++i;
    } else if (const std::size_t n = utf8_sequence(text, i); n > 0) {
      out = std::copy_n(text.data() + i, n, out);
      i += n;
    } else {
      // One per invalid byte, as nlohmann's error_handler_t::replace does.
      out = std::copy_n(kReplacement.data(), kReplacement.size(), out);
      ++i;
    }
  }
  *out++ = '"';
  return out;
}

char* write_uint(char* out, std::uint64_t value) {
  return std::to_chars(out, out + kUintBytes, value).ptr;
}

char* write_utc_timestamp(char* out, std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto secs = time_point_cast<seconds>(t);
  if (secs > t) secs -= seconds(1);
  const auto ms = static_cast<int>(duration_cast<milliseconds>(t - secs).count());
  thread_local seconds::rep cached_second = -1;
  thread_local std::string cached;  // "2024-01-02T03:04:05"
  if (cached.empty() || secs.time_since_epoch().count() != cached_second) {
    cached = utc_timestamp(secs);
    cached.resize(cached.size() - 5);  // without ".000Z"
    cached_second = secs.time_since_epoch().count();
  }
  out = std::copy_n(cached.data(), cached.size(), out);
  *out++ = '.';
  *out++ = static_cast<char>('0' + ms / 100);
  *out++ = static_cast<char>('0' + ms / 10 % 10);
  *out++ = static_cast<char>('0' + ms % 10);
  *out++ = 'Z';
  return out;
}

}  // namespace berth::log
