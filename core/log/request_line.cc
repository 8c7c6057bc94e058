#include "log/request_line.h"

#include "log/json_text.h"
#include "log/logger.h"


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
  // As std::to_string(double ms) + "ms" wrote it, six decimals, but from the integer: printf of a
  // double cost as much as the rest of the line. The same text below 10^15 ns (11 days), where
  // the double's rounding cannot reach the sixth decimal.
  out += R"(,"latency_human":")";
  append_uint(out, ns / 1'000'000);
  char micros[8] = {'.'};
  for (std::uint64_t rest = ns % 1'000'000, i = 6; i > 0; --i, rest /= 10)
    micros[i] = static_cast<char>('0' + rest % 10);
  out.append(micros, 7);
  out += R"(ms")";
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
