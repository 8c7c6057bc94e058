// Bytes from a client, as a connection feeds them to the request parser: split into reads at
// points the input chooses, pipelined requests taken one at a time, the target decoded.
#include "fuzz_target.h"
#include "http/request_parser.h"

#include <string>
#include <vector>

namespace {

struct HttpParseOutcome {
  std::vector<berth::Request> requests;
  int error_status = 0;
};

// Feeds `wire` in pieces of at most `piece` bytes, as ClientConnection::process does.
HttpParseOutcome parse_http_stream(std::string_view wire, std::size_t piece) {
  berth::http::ParseLimits limits;
  limits.max_request_bytes = 8192;  // small limits so the fuzzer reaches them
  limits.max_head_bytes = 2048;
  berth::http::RequestParser parser(limits);
  HttpParseOutcome out;
  while (!wire.empty()) {
    std::string_view read = wire.substr(0, piece);
    wire.remove_prefix(read.size());
    while (!read.empty()) {
      berth::http::ParseEvent event;
      const std::size_t n = parser.execute(read, event);
      BERTH_FUZZ_CHECK(n <= read.size());
      read.remove_prefix(n);
      if (event == berth::http::ParseEvent::error) {
        const int status = parser.error().status;
        BERTH_FUZZ_CHECK(status >= 400 && status < 600 && !parser.error().message.empty());
        out.error_status = status;
        return out;
      }
      if (event == berth::http::ParseEvent::message_complete) {
        out.requests.push_back(parser.take());
        const berth::Request& r = out.requests.back();
        BERTH_FUZZ_CHECK(r.body.size() <= limits.max_request_bytes);
        BERTH_FUZZ_CHECK(r.path.empty() || r.path.front() == '/' || r.path == "*");
      }
      if (event == berth::http::ParseEvent::need_more && n == 0) break;  // the connection's 400
    }
  }
  return out;
}

}  // namespace

BERTH_FUZZ_TARGET(http_request) {
  if (size < 1) return 0;
  // The first byte picks the read size, so splits land anywhere in the stream.
  const std::size_t piece = 1 + data[0] % 64;
  const std::string_view wire = berth::fuzz::as_text(data + 1, size - 1);
  HttpParseOutcome whole = parse_http_stream(wire, wire.size() + 1);
  HttpParseOutcome split = parse_http_stream(wire, piece);
  // The same bytes mean the same requests however the socket delivers them.
  BERTH_FUZZ_CHECK(whole.requests.size() == split.requests.size());
  for (std::size_t i = 0; i < whole.requests.size(); ++i) {
    BERTH_FUZZ_CHECK(whole.requests[i].target == split.requests[i].target);
    BERTH_FUZZ_CHECK(whole.requests[i].body == split.requests[i].body);
    BERTH_FUZZ_CHECK(whole.requests[i].headers.size() == split.requests[i].headers.size());
  }
  return 0;
}
