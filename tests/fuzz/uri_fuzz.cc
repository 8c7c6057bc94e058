// Request targets as a client writes them: percent-escapes, `+`, query pairs, absolute form.
#include "fuzz_target.h"
#include "http/uri.h"

#include <string>

namespace {

std::string percent_encode_all(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

BERTH_FUZZ_TARGET(uri) {
  const std::string_view text = berth::fuzz::as_text(data, size);
  for (bool plus_is_space : {false, true}) {
    std::string decoded;
    if (berth::http::percent_decode(text, plus_is_space, decoded)) {
      BERTH_FUZZ_CHECK(decoded.size() <= text.size());
      // Whatever decodes re-encodes and decodes to itself (no NUL can have come from an escape).
      if (decoded.find('\0') == std::string::npos) {
        std::string again;
        BERTH_FUZZ_CHECK(
            berth::http::percent_decode(percent_encode_all(decoded), plus_is_space, again));
        BERTH_FUZZ_CHECK(again == decoded);
      }
    }
  }
  berth::Request request;
  request.target = std::string(text);
  if (auto decoded = berth::http::decode_target(request)) {
    BERTH_FUZZ_CHECK(request.path.size() <= request.target.size());
    for (const auto& [key, value] : request.query)
      BERTH_FUZZ_CHECK(key.size() + value.size() <= request.target.size());
  } else {
    BERTH_FUZZ_CHECK(!decoded.error().empty());
  }
  return 0;
}
