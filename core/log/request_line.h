#pragma once
// The request log's line: which requests are logged (log.requests, log.slow_request) and the JSON
// line itself, written by hand into a reused buffer (one per thread in the router) with the fields
// of the Go backend `docker extension init` generates.
#include <berth/log.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::log {

enum class RequestLogMode {
  all,     // every request
  errors,  // status >= 400, or slower than the slow threshold
  off,
};

struct RequestLogPolicy {
  RequestLogMode mode = RequestLogMode::all;
  std::chrono::nanoseconds slow = std::chrono::seconds(1);  // with `errors`: logged from this on
};

inline bool should_log(const RequestLogPolicy& p, int status,
                       std::chrono::nanoseconds latency) noexcept {
  switch (p.mode) {
    case RequestLogMode::all: return true;
    case RequestLogMode::errors: return status >= 400 || latency >= p.slow;
    case RequestLogMode::off: return false;
  }
  return false;
}

struct RequestLogFields {
  std::string_view id, remote_ip, host, method, uri, user_agent, error, plugin;
  int status = 0;
  std::chrono::nanoseconds latency{0};
  std::uint64_t bytes_in = 0, bytes_out = 0;
};

struct RequestLine {
  std::string_view text;  // no newline: time, level, msg ("request"), then the fields
  std::size_t fields_at;  // where the fields begin in it (what the log ring keeps besides msg)
};

// Logs one request. In JSON format the request's thread copies the fields as a record (below) to
// the ring and the writer; the line is formatted from it on the writer's thread, and for the ring
// when it is read: formatting code in batches, off the request path's instruction cache. In text
// format, the fields go through log::write.
void write_request(LogLevel level, const RequestLogFields& fields) noexcept;

// A request line as its fields' bytes: a fixed header, then the strings.
void encode_request_record(std::string& record, std::chrono::system_clock::time_point time,
                           LogLevel level, const RequestLogFields& fields);
struct RequestRecord {
  std::chrono::system_clock::time_point time;
  LogLevel level = LogLevel::info;
  RequestLogFields fields;  // views into the record
};
// Nothing when `record` is not one encode_request_record wrote.
std::optional<RequestRecord> decode_request_record(std::string_view record);
// The record's line appended to `out` (what format_request_line writes); nothing when it is not a
// record. The fields object alone (from `{`) with `fields_only`, as the ring keeps it.
void append_request_line(std::string_view record, std::string& out, bool fields_only = false);

// Writes the line at the start of `buffer`, a buffer its caller keeps: it only ever grows, so that
// after the first lines formatting touches nothing but the line's bytes.
RequestLine format_request_line(std::string& buffer, std::chrono::system_clock::time_point time,
                                LogLevel level, const RequestLogFields& fields);

}  // namespace berth::log
