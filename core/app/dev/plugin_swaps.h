#pragma once
// What became of rebuilt plugin libraries, for the dev page: with the backend in this process,
// every swap (or refused rebuild, with its reason) is a line of this process's log ring
// (core/plugins/plugin_swap.cc logs them), so the page learns of them without asking the backend
// over HTTP, which would add a request line to its log every poll.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace berth::app::dev {

// {"next": SEQ, "swaps": [{"seq", "plugin", "swapped": bool, "error"}]}: the swaps logged after
// `after`; without it none, and `next` to start from.
nlohmann::json plugin_swaps_after(std::optional<std::uint64_t> after);

}  // namespace berth::app::dev
