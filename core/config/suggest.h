#pragma once
// "Did you mean" for misspelt keys and values.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace berth::config {

// Edits (insert, delete, substitute, swap two neighbours) to turn `a` into `b`; case-insensitive,
// since "Socket" for "socket" is the same slip as a typo.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest of `candidates` within `max_distance` edits (first one wins ties); failing that,
// the candidate sharing the longest whole prefix (3 letters at least) with the word: one starts
// the other.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates,
                                         std::size_t max_distance = 2);

// "a, b, c" for messages.
std::string join(std::span<const std::string_view> words, std::string_view separator = ", ");

}  // namespace berth::config
