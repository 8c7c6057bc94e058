#pragma once
// GET /_berth/logs[?after=&level=&plugin=&limit=&wait=]: the host's last log lines from the ring
// (log/log_ring.h), numbered, filtered; with `wait`, a long poll for the next ones.
#include "app/long_polls.h"
#include "log/log_ring.h"
#include "routing/route_table.h"

#include <vector>

namespace berth::app {

std::vector<routing::Route> builtin_log_routes(log::LogRing& ring, LongPolls& polls);

}  // namespace berth::app
