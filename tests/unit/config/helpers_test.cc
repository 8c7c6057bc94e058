// "Did you mean" suggestions.
#include "config/suggest.h"

#include <doctest/doctest.h>

#include <array>

namespace berth::config {
namespace {

TEST_CASE("edit_distance counts swaps as one edit and ignores case") {
  CHECK(edit_distance("socket", "socket") == 0);
  CHECK(edit_distance("sokcet", "socket") == 1);
  CHECK(edit_distance("Socket", "socket") == 0);
  CHECK(edit_distance("sock", "socket") == 2);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest_match") {
  constexpr std::array<std::string_view, 3> keys{"socket", "socket_mode", "tcp"};
  CHECK(closest_match("sokcet", keys) == "socket");
  CHECK(closest_match("socketmode", keys) == "socket_mode");
  CHECK(closest_match("tpc", keys) == "tcp");
  CHECK_FALSE(closest_match("xyz", keys).has_value());
  CHECK_FALSE(closest_match("a", keys).has_value());  // too short to be a typo of anything
  CHECK(closest_match("soc", keys, 3) == "socket");
  CHECK(closest_match("socket_modes_extra", keys) == "socket_mode");  // longest prefix wins
  CHECK(closest_match("sockets_extra", keys) == "socket");
  CHECK(closest_match("tc", keys) == "tcp");
  CHECK_FALSE(closest_match("so", std::array<std::string_view, 1>{"socket_mode"}).has_value());
}

TEST_CASE("join") {
  constexpr std::array<std::string_view, 3> words{"a", "b", "c"};
  CHECK(join(words) == "a, b, c");
  CHECK(join(words, "|") == "a|b|c");
  CHECK(join(std::span<const std::string_view>()) == "");
}

}  // namespace
}  // namespace berth::config
