#pragma once
#include <string>
#include <string_view>

namespace berth::storage {

// FNV-1a 64 of `text` as 16 lowercase hex digits. Stable across builds and platforms: it is
// stored in _berth_migrations and compared on every start.
std::string fnv1a64_hex(std::string_view text);

}  // namespace berth::storage
