#include "cursor.h"

#include "ids.h"

#include <string_view>

namespace notes {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
  auto at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  unsigned bits = 0;
  int pending = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    pending += 8;
    while (pending >= 6) {
      pending -= 6;
      out += kAlphabet[(bits >> pending) & 0x3F];
    }
  }
  if (pending > 0) out += kAlphabet[(bits << (6 - pending)) & 0x3F];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;  // no byte count leaves one sextet over
  std::string out;
  unsigned bits = 0;
  int pending = 0;
  for (char c : text) {
    int v = sextet(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(v);
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      out += static_cast<char>((bits >> pending) & 0xFF);
    }
  }
  // Leftover bits must be zero, so that each byte string has one encoding only.
  if ((bits & ((1u << pending) - 1)) != 0) return std::nullopt;
  return out;
}

std::string encode_cursor(std::int64_t last_id) {
  return base64url_encode(std::to_string(last_id));
}

std::optional<std::int64_t> decode_cursor(std::string_view cursor) {
  auto text = base64url_decode(cursor);
  if (!text) return std::nullopt;
  return parse_id(*text);
}

}  // namespace notes
