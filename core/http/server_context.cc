#include "http/server_context.h"

#include <algorithm>

namespace berth::http {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::chrono::milliseconds kMaxLinger{2000};

ParseLimits limits_for(const ServerOptions& o) {
  ParseLimits limits;
  limits.max_request_bytes = o.max_request_bytes;
  limits.max_head_bytes = std::min(kMaxHeadBytes, o.max_request_bytes);
  limits.max_json_depth = o.max_json_depth;
  return limits;
}

}  // namespace

ServerContext::ServerContext(const ServerOptions& o, Application& a)
    : options(o), app(a), limits(limits_for(o)), linger(std::min(kMaxLinger, o.idle_timeout)) {}

}  // namespace berth::http
