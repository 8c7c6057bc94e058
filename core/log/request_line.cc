#include "log/request_line.h"

#include "log/json_text.h"
#include "log/logger.h"

#include <cstdio>

namespace berth::log {

std::size_t format_request_line(std::string& out, std::chrono::system_clock::time_point time,
                                LogLevel level, const RequestLogFields& f) {
  out.clear();
  out += R"({"time":")";
  append_utc_timestamp(out, time);
  out += R"(","level":")";
  out += to_string(level);
  out += R"(","msg":"request",)";
  const std::size_t fields_at = out.size();
  out += R"("id":)";
  append_json_string(out, f.id);
  out += R"(,"remote_ip":)";
  append_json_string(out, f.remote_ip);
  out += R"(,"host":)";
  append_json_string(out, f.host);
  out += R"(,"method":)";
  append_json_string(out, f.method);
  out += R"(,"uri":)";
  append_json_string(out, f.uri);
  out += R"(,"user_agent":)";
  append_json_string(out, f.user_agent);
  out += R"(,"status":)";
  append_uint(out, f.status < 0 ? 0 : static_cast<std::uint64_t>(f.status));
  out += R"(,"error":)";
  append_json_string(out, f.error);
  const auto ns = f.latency.count() < 0 ? 0 : static_cast<std::uint64_t>(f.latency.count());
  out += R"(,"latency":)";
  append_uint(out, ns);
  // As std::to_string(double ms) + "ms" wrote it: six decimals.
  char human[48];
  const int n = std::snprintf(human, sizeof human, R"(,"latency_human":"%.6fms")",
                              static_cast<double>(ns) / 1e6);
  out.append(human, n > 0 ? static_cast<std::size_t>(n) : 0);
  out += R"(,"bytes_in":)";
  append_uint(out, f.bytes_in);
  out += R"(,"bytes_out":)";
  append_uint(out, f.bytes_out);
  out += R"(,"plugin":)";
  append_json_string(out, f.plugin);
  out += '}';
  return fields_at;
}

}  // namespace berth::log
