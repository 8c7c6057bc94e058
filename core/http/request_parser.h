#pragma once
// Incremental HTTP/1.1 request parsing on top of http-parser, with berth's size limits.
#include <berth/request.h>

#include <http_parser.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace berth::http {

struct ParseLimits {
  std::size_t max_request_bytes = 1024 * 1024;        // request line + headers + body
  std::size_t max_head_bytes = 64 * 1024;             // request line + headers
  std::size_t max_json_depth = kDefaultMaxJsonDepth;  // for Request::json()
};

enum class ParseEvent { need_more, headers_complete, message_complete, error };

struct ParseError {
  int status = 0;  // 400, 413, 431, 501, 505
  std::string message;
};

class RequestParser {
 public:
  explicit RequestParser(ParseLimits limits);
  RequestParser(const RequestParser&) = delete;  // http_parser.data points back at us
  RequestParser& operator=(const RequestParser&) = delete;

  // Parses from `data`, stopping after a request's headers and after a whole request so the
  // caller can act at those points. Returns the bytes consumed; `event` says why it stopped.
  std::size_t execute(std::string_view data, ParseEvent& event);

  bool in_message() const noexcept { return in_message_; }  // begun, not yet complete
  bool headers_done() const noexcept { return headers_done_; }
  // Valid from headers_complete until the next request's headers.
  bool keep_alive() const noexcept { return keep_alive_; }
  bool http10() const noexcept { return http10_; }
  bool expects_continue() const noexcept { return expect_continue_; }
  bool upgrade() const noexcept { return parser_.upgrade != 0; }
  const ParseError& error() const noexcept { return error_; }

  // The request so far: partial after an error, whole after message_complete.
  Request& request() noexcept { return request_; }
  // Hands out the complete request and gets ready for the next one on the connection.
  Request take();

 private:
  static int on_message_begin(http_parser* p);
  static int on_url(http_parser* p, const char* at, std::size_t n);
  static int on_header_field(http_parser* p, const char* at, std::size_t n);
  static int on_header_value(http_parser* p, const char* at, std::size_t n);
  static int on_headers_complete(http_parser* p);
  static int on_chunk_header(http_parser* p);
  static int on_body(http_parser* p, const char* at, std::size_t n);
  static int on_message_complete(http_parser* p);
  static const http_parser_settings& settings();

  void commit_header();
  void check_head(ParseEvent& event);
  void fail(int status, std::string message, ParseEvent& event);
  std::string chunk_too_large() const;

  static constexpr const char* kOnlyChunked =
      "unsupported Transfer-Encoding: only \"chunked\", on its own, is accepted";

  http_parser parser_;
  ParseLimits limits_;
  Request request_;
  std::string field_, value_;
  bool value_pending_ = false;
  std::size_t head_bytes_ = 0;
  std::size_t body_bytes_ = 0;
  bool in_message_ = false;
  bool headers_done_ = false;
  bool headers_event_ = false;
  bool message_done_ = false;
  bool body_too_large_ = false;
  bool chunk_too_large_ = false;
  bool space_in_name_ = false;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool expect_continue_ = false;
  bool failed_ = false;
  ParseError error_;
};

}  // namespace berth::http
