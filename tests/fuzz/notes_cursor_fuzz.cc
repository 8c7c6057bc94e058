// The `cursor` a client sends back to GET /notes: only what encode_cursor wrote decodes, and it
// decodes to what was encoded.
#include "cursor.h"
#include "fuzz_target.h"

BERTH_FUZZ_TARGET(notes_cursor) {
  const std::string_view text = berth::fuzz::as_text(data, size);
  if (auto id = notes::decode_cursor(text)) {
    BERTH_FUZZ_CHECK(*id > 0);
    BERTH_FUZZ_CHECK(notes::encode_cursor(*id) == text);  // one spelling per cursor
  }
  if (auto bytes = notes::base64url_decode(text)) {
    BERTH_FUZZ_CHECK(notes::base64url_encode(*bytes) == text);
  }
  auto round = notes::base64url_decode(notes::base64url_encode(text));
  BERTH_FUZZ_CHECK(round && *round == text);
  return 0;
}
