#include "log/request_line.h"

#include "log/json_text.h"
#include "log/log_ring.h"
#include "log/logger.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace berth::log {
namespace {

// Everything of the line but its strings: the keys (182 bytes), time, level and the numbers.
constexpr std::size_t kFixedBytes = 512;

// A key's text: a copy of known size, which the compiler writes inline.
template <std::size_t N>
char* put(char* out, const char (&text)[N]) {
  std::memcpy(out, text, N - 1);
  return out + N - 1;
}

struct RecordHeader {
  std::int64_t time_ns;
  std::int64_t latency_ns;
  std::uint64_t bytes_in, bytes_out;
  std::int32_t status;
  std::uint32_t level;
  std::uint32_t sizes[8];  // the strings, in RequestLogFields' order
};

// The string fields, in one order for encoding and decoding.
template <class Fields, class F>
void each_string(Fields& f, F&& fn) {
  fn(f.id), fn(f.remote_ip), fn(f.host), fn(f.method), fn(f.uri), fn(f.user_agent), fn(f.error),
      fn(f.plugin);
}

// A request whose strings could format to more than the ring keeps of a line is formatted on its
// own thread, and the ring cuts it like any other line (rare: a long URI).
bool fits_ring(const RequestLogFields& f) {
  std::size_t bound = kFixedBytes;
  each_string(f, [&](std::string_view text) { bound += json_string_bound(text.size()); });
  return bound <= kMaxLineBytes && f.plugin.size() <= 256;
}

// Text lines are for people at a terminal, not for throughput: out of line and out of the way of
// the JSON path's instructions.
[[gnu::cold, gnu::noinline]] void write_request_text(LogLevel level, const RequestLogFields& f) {
  const auto ns = f.latency.count();
  write(level, "request",
        {{"id", f.id},
         {"remote_ip", f.remote_ip},
         {"host", f.host},
         {"method", f.method},
         {"uri", f.uri},
         {"user_agent", f.user_agent},
         {"status", f.status},
         {"error", f.error},
         {"latency", ns},
         {"latency_human", std::to_string(static_cast<double>(ns) / 1e6) + "ms"},
         {"bytes_in", f.bytes_in},
         {"bytes_out", f.bytes_out},
         {"plugin", f.plugin}});
}

}  // namespace

void write_request(LogLevel level, const RequestLogFields& fields) noexcept {
  try {
    if (!json_format()) return write_request_text(level, fields);
    const auto now = std::chrono::system_clock::now();
    if (!fits_ring(fields)) {
      thread_local std::string buffer;
      const RequestLine line = format_request_line(buffer, now, level, fields);
      return write_line(now, level, line.text, "request", line.fields_at, fields.plugin);
    }
    thread_local std::string record;
    encode_request_record(record, now, level, fields);
    write_record(now, level, "request", fields.plugin, record);
  } catch (...) {
  }
}

void encode_request_record(std::string& record, std::chrono::system_clock::time_point time,
                           LogLevel level, const RequestLogFields& f) {
  RecordHeader header{};
  header.time_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
  header.latency_ns = f.latency.count();
  header.bytes_in = f.bytes_in;
  header.bytes_out = f.bytes_out;
  header.status = f.status;
  header.level = static_cast<std::uint32_t>(level);
  std::size_t size = sizeof header, i = 0;
  each_string(f, [&](std::string_view text) {
    header.sizes[i++] = static_cast<std::uint32_t>(text.size());
    size += text.size();
  });
  if (record.size() < size) record.resize(size);
  char* p = record.data();
  std::memcpy(p, &header, sizeof header);
  p += sizeof header;
  each_string(f, [&](std::string_view text) {
    if (!text.empty()) std::memcpy(p, text.data(), text.size());
    p += text.size();
  });
  record.resize(size);
}

std::optional<RequestRecord> decode_request_record(std::string_view record) {
  RecordHeader header;
  if (record.size() < sizeof header) return std::nullopt;
  std::memcpy(&header, record.data(), sizeof header);
  std::size_t size = sizeof header;
  for (std::uint32_t n : header.sizes) size += n;
  if (size != record.size() || header.level > static_cast<std::uint32_t>(LogLevel::error))
    return std::nullopt;
  RequestRecord r;
  r.time = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(header.time_ns)));
  r.level = static_cast<LogLevel>(header.level);
  r.fields.status = header.status;
  r.fields.latency = std::chrono::nanoseconds(header.latency_ns);
  r.fields.bytes_in = header.bytes_in;
  r.fields.bytes_out = header.bytes_out;
  std::size_t at = sizeof header, i = 0;
  each_string(r.fields, [&](std::string_view& text) {
    text = record.substr(at, header.sizes[i]);
    at += header.sizes[i++];
  });
  return r;
}

void append_request_line(std::string_view record, std::string& out, bool fields_only) {
  const auto r = decode_request_record(record);
  if (!r) return;
  thread_local std::string buffer;
  const RequestLine line = format_request_line(buffer, r->time, r->level, r->fields);
  if (!fields_only) return void(out.append(line.text));
  out += '{';
  out.append(line.text.substr(line.fields_at));
}

RequestLine format_request_line(std::string& buffer, std::chrono::system_clock::time_point time,
                                LogLevel level, const RequestLogFields& f) {
  std::size_t bound = kFixedBytes;
  for (std::string_view text :
       {f.id, f.remote_ip, f.host, f.method, f.uri, f.user_agent, f.error, f.plugin})
    bound += json_string_bound(text.size());
  if (buffer.size() < bound) buffer.resize(bound);
  char* const begin = buffer.data();
  char* p = begin;
  p = put(p, R"({"time":")");
  p = write_utc_timestamp(p, time);
  p = put(p, R"(","level":")");
  const std::string_view level_name = to_string(level);
  p = std::copy_n(level_name.data(), level_name.size(), p);
  p = put(p, R"(","msg":"request",)");
  const std::size_t fields_at = static_cast<std::size_t>(p - begin);
  p = put(p, R"("id":)");
  p = write_json_string(p, f.id);
  p = put(p, R"(,"remote_ip":)");
  p = write_json_string(p, f.remote_ip);
  p = put(p, R"(,"host":)");
  p = write_json_string(p, f.host);
  p = put(p, R"(,"method":)");
  p = write_json_string(p, f.method);
  p = put(p, R"(,"uri":)");
  p = write_json_string(p, f.uri);
  p = put(p, R"(,"user_agent":)");
  p = write_json_string(p, f.user_agent);
  p = put(p, R"(,"status":)");
  p = write_uint(p, f.status < 0 ? 0 : static_cast<std::uint64_t>(f.status));
  p = put(p, R"(,"error":)");
  p = write_json_string(p, f.error);
  const auto ns = f.latency.count() < 0 ? 0 : static_cast<std::uint64_t>(f.latency.count());
  p = put(p, R"(,"latency":)");
  p = write_uint(p, ns);
  // As std::to_string(double ms) + "ms" wrote it, six decimals, but from the integer: printf of a
  // double cost as much as the rest of the line. The same text below 10^15 ns (11 days), where
  // the double's rounding cannot reach the sixth decimal.
  p = put(p, R"(,"latency_human":")");
  p = write_uint(p, ns / 1'000'000);
  *p++ = '.';
  for (std::uint64_t rest = ns % 1'000'000, i = 6; i > 0; --i, rest /= 10)
    p[i - 1] = static_cast<char>('0' + rest % 10);
  p += 6;
  p = put(p, R"(ms")");
  p = put(p, R"(,"bytes_in":)");
  p = write_uint(p, f.bytes_in);
  p = put(p, R"(,"bytes_out":)");
  p = write_uint(p, f.bytes_out);
  p = put(p, R"(,"plugin":)");
  p = write_json_string(p, f.plugin);
  *p++ = '}';
  return {std::string_view(begin, static_cast<std::size_t>(p - begin)), fields_at};
}

}  // namespace berth::log
