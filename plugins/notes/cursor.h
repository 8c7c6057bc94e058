#pragma once
// The opaque pagination cursor: base64url (no padding) of the decimal id of the last note on the
// page. Clients must not build one; only what next_cursor gave back decodes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace notes {

std::string encode_cursor(std::int64_t last_id);
// The id, or nullopt for anything encode_cursor cannot have produced (bad alphabet, padding,
// non-canonical bits, not a positive decimal int64).
std::optional<std::int64_t> decode_cursor(std::string_view cursor);

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace notes
