#include "http/request_parser.h"

#include "http/uri.h"

#include <algorithm>
#include <limits>

namespace berth::http {
namespace {

RequestParser& self(http_parser* p) {
  return *static_cast<RequestParser*>(p->data);
}

std::string trim_trailing_space(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// The only transfer coding berth decodes. http-parser accepts any list ending in chunked and
// would hand the other codings' bytes on as the body.
bool only_chunked(const Headers& headers) {
  int codings = 0;
  for (const auto& [name, value] : headers) {
    if (!Headers::same_name(name, "Transfer-Encoding")) continue;
    if (++codings > 1 || !Headers::same_name(value, "chunked")) return false;
  }
  return true;
}

std::string malformed(http_errno err) {
  return std::string("malformed HTTP request: ") + http_errno_description(err) + " (" +
         http_errno_name(err) + ")";
}

}  // namespace

RequestParser::RequestParser(ParseLimits limits) : limits_(limits) {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
}

const http_parser_settings& RequestParser::settings() {
  static const http_parser_settings s = [] {
    http_parser_settings v;
    http_parser_settings_init(&v);
    v.on_message_begin = &RequestParser::on_message_begin;
    v.on_url = &RequestParser::on_url;
    v.on_header_field = &RequestParser::on_header_field;
    v.on_header_value = &RequestParser::on_header_value;
    v.on_headers_complete = &RequestParser::on_headers_complete;
    v.on_body = &RequestParser::on_body;
    v.on_chunk_header = &RequestParser::on_chunk_header;
    v.on_message_complete = &RequestParser::on_message_complete;
    return v;
  }();
  return s;
}

std::size_t RequestParser::execute(std::string_view data, ParseEvent& event) {
  if (failed_) {
    event = ParseEvent::error;
    return 0;
  }
  const bool counting_head = !headers_done_;
  std::size_t n = http_parser_execute(&parser_, &settings(), data.data(), data.size());
  http_errno err = HTTP_PARSER_ERRNO(&parser_);
  if (err == HPE_PAUSED) http_parser_pause(&parser_, 0);
  if (counting_head) head_bytes_ += n;

  if (err == HPE_HEADER_OVERFLOW) {
    fail(431, "request header section is too large", event);
  } else if (err == HPE_INVALID_TRANSFER_ENCODING) {
    fail(501, kOnlyChunked, event);
  } else if (err == HPE_INVALID_CONTENT_LENGTH && headers_done_) {
    // http-parser reuses this error for a chunk size that overflows 64 bits.
    fail(413, chunk_too_large(), event);
  } else if (err != HPE_OK && err != HPE_PAUSED) {
    fail(400, malformed(err), event);
  } else if (chunk_too_large_) {
    fail(413, chunk_too_large(), event);
  } else if (body_too_large_) {
    fail(413,
         "request exceeds the limit of " + std::to_string(limits_.max_request_bytes) + " bytes",
         event);
  } else if (headers_event_) {
    headers_event_ = false;
    head_bytes_ += 1;  // the header section's final LF, which the pause leaves unconsumed
    check_head(event);
  } else if (message_done_) {
    event = ParseEvent::message_complete;
  } else if (counting_head && head_bytes_ > limits_.max_head_bytes) {
    fail(431, "request header section exceeds " + std::to_string(limits_.max_head_bytes) + " bytes",
         event);
  } else {
    event = ParseEvent::need_more;
  }
  return n;
}

void RequestParser::check_head(ParseEvent& event) {
  keep_alive_ = http_should_keep_alive(&parser_) != 0;
  http10_ = parser_.http_major == 1 && parser_.http_minor == 0;
  if (head_bytes_ > limits_.max_head_bytes) {
    return fail(
        431, "request header section exceeds " + std::to_string(limits_.max_head_bytes) + " bytes",
        event);
  }
  if (parser_.http_major != 1) return fail(505, "only HTTP/1.0 and HTTP/1.1 are supported", event);
  // Not for framing, but a name "Content-Length " would be (http-parser allows the space).
  if (space_in_name_)
    return fail(400, "malformed HTTP request: whitespace in a header name", event);
  if (!http10_ && !request_.headers.has("Host"))
    return fail(400, "HTTP/1.1 request without a Host header", event);
  const char* method_name = http_method_str(static_cast<http_method>(parser_.method));
  auto method = parse_method(method_name);
  if (!method) return fail(501, std::string("method ") + method_name + " is not supported", event);
  request_.method = *method;

  const bool chunked = (parser_.flags & F_CHUNKED) != 0;
  if (chunked && !only_chunked(request_.headers)) return fail(501, kOnlyChunked, event);
  const std::uint64_t declared = parser_.content_length;
  if (!chunked && declared != std::numeric_limits<std::uint64_t>::max()) {
    if (declared > limits_.max_request_bytes - std::min(head_bytes_, limits_.max_request_bytes) ||
        head_bytes_ > limits_.max_request_bytes) {
      return fail(413,
                  "request body of " + std::to_string(declared) + " bytes exceeds the limit of " +
                      std::to_string(limits_.max_request_bytes) + " bytes per request",
                  event);
    }
    request_.body.reserve(static_cast<std::size_t>(declared));
  }

  if (auto decoded = decode_target(request_); !decoded) return fail(400, decoded.error(), event);

  auto expect = request_.headers.get("Expect");
  expect_continue_ = expect && !http10_ && Headers::same_name(*expect, "100-continue");
  event = ParseEvent::headers_complete;
}

void RequestParser::fail(int status, std::string message, ParseEvent& event) {
  failed_ = true;
  error_ = {status, std::move(message)};
  event = ParseEvent::error;
}

std::string RequestParser::chunk_too_large() const {
  return "request body chunk exceeds the limit of " + std::to_string(limits_.max_request_bytes) +
         " bytes per request";
}

Request RequestParser::take() {
  Request r = std::move(request_);
  r.max_json_depth = limits_.max_json_depth;
  request_ = Request();
  head_bytes_ = body_bytes_ = 0;
  in_message_ = headers_done_ = message_done_ = expect_continue_ = false;
  return r;
}

void RequestParser::commit_header() {
  request_.headers.add(std::move(field_), trim_trailing_space(std::move(value_)));
  field_.clear();
  value_.clear();
  value_pending_ = false;
}

int RequestParser::on_message_begin(http_parser* p) {
  self(p).in_message_ = true;
  return 0;
}

int RequestParser::on_url(http_parser* p, const char* at, std::size_t n) {
  self(p).request_.target.append(at, n);
  return 0;
}

int RequestParser::on_header_field(http_parser* p, const char* at, std::size_t n) {
  auto& s = self(p);
  if (s.value_pending_) s.commit_header();
  s.field_.append(at, n);
  if (std::string_view(at, n).find(' ') != std::string_view::npos) s.space_in_name_ = true;
  return 0;
}

int RequestParser::on_header_value(http_parser* p, const char* at, std::size_t n) {
  auto& s = self(p);
  s.value_pending_ = true;
  s.value_.append(at, n);
  return 0;
}

// Pausing hands control back to execute(), which checks limits before any body is read.
int RequestParser::on_headers_complete(http_parser* p) {
  auto& s = self(p);
  if (s.value_pending_ || !s.field_.empty()) s.commit_header();
  s.headers_done_ = s.headers_event_ = true;
  http_parser_pause(p, 1);
  return 0;
}

// Refuses a chunk that cannot fit before any of it is read. content_length is its size here.
int RequestParser::on_chunk_header(http_parser* p) {
  auto& s = self(p);
  const std::size_t used = s.head_bytes_ + s.body_bytes_;
  if (used <= s.limits_.max_request_bytes &&
      p->content_length <= s.limits_.max_request_bytes - used)
    return 0;
  s.chunk_too_large_ = true;
  http_parser_pause(p, 1);
  return 0;
}

// Chunked bodies have no declared length: count them as they stream.
int RequestParser::on_body(http_parser* p, const char* at, std::size_t n) {
  auto& s = self(p);
  s.body_bytes_ += n;
  if (s.head_bytes_ + s.body_bytes_ > s.limits_.max_request_bytes) {
    s.body_too_large_ = true;
    http_parser_pause(p, 1);
    return 0;
  }
  s.request_.body.append(at, n);
  return 0;
}

// One request at a time: stop here so pipelined bytes stay unparsed until this one is answered.
int RequestParser::on_message_complete(http_parser* p) {
  self(p).message_done_ = true;
  http_parser_pause(p, 1);
  return 0;
}

}  // namespace berth::http
