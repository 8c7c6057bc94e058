// White-box tests of the pieces the server is built from: target decoding, the request parser
// and response serialisation.
#include "http/request_id.h"
#include "http/request_parser.h"
#include "http/response_writer.h"
#include "http/uri.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace berth;
using namespace berth::http;

namespace {

struct Parsed {
  std::vector<ParseEvent> events;
  std::vector<Request> requests;
  ParseError error;
};

// Feeds `input` in pieces of `step` bytes and collects every request.
Parsed parse_all(const std::string& input, std::size_t step = 1 << 20, ParseLimits limits = {}) {
  RequestParser parser(limits);
  Parsed out;
  for (std::size_t pos = 0; pos < input.size();) {
    std::string_view piece = std::string_view(input).substr(pos, step);
    while (!piece.empty()) {
      ParseEvent event;
      std::size_t n = parser.execute(piece, event);
      piece.remove_prefix(n);
      pos += n;
      out.events.push_back(event);
      if (event == ParseEvent::message_complete) out.requests.push_back(parser.take());
      if (event == ParseEvent::error) {
        out.error = parser.error();
        return out;
      }
      if (event == ParseEvent::need_more) break;
    }
    if (piece.empty()) continue;
  }
  return out;
}

}  // namespace

TEST_CASE("percent_decode rejects NUL and malformed escapes") {
  std::string out;
  CHECK(percent_decode("/a%20b%2Fc", false, out));
  CHECK(out == "/a b/c");
  out.clear();
  CHECK(percent_decode("a+b%2B", true, out));
  CHECK(out == "a b+");
  out.clear();
  CHECK(percent_decode("a+b", false, out));
  CHECK(out == "a+b");
  out.clear();
  CHECK_FALSE(percent_decode("/a%00b", false, out));
  CHECK_FALSE(percent_decode("/a%zz", false, out));
  CHECK_FALSE(percent_decode("/a%2", false, out));
  CHECK_FALSE(percent_decode("/a%", false, out));
}

TEST_CASE("decode_target splits path and query") {
  Request r;
  r.target = "/notes/a%20b?x=1&y=h%C3%A9llo+world&x=2&flag&=v&&#frag";
  REQUIRE(decode_target(r));
  CHECK(r.path == "/notes/a b");
  CHECK(r.query.count("x") == 2);
  CHECK(r.query_param("y") == "h\xC3\xA9llo world");
  CHECK(r.query_param("flag") == "");
  CHECK(r.query_param("") == "v");

  Request absolute;
  absolute.target = "http://localhost:8080/p?q=1";
  REQUIRE(decode_target(absolute));
  CHECK(absolute.path == "/p");
  CHECK(absolute.query_param("q") == "1");

  Request bad;
  bad.target = "/a%00";
  const auto decoded = decode_target(bad);
  REQUIRE_FALSE(decoded);
  CHECK(decoded.error().find("path") != std::string::npos);
}

TEST_CASE("request ids are 16 hex characters and unique") {
  RequestIds ids;
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    auto id = ids.next();
    REQUIRE(id.size() == 16);
    REQUIRE(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 10000);
}

TEST_CASE("parser stops after headers and after each pipelined request") {
  std::string input =
      "GET /a?x=1 HTTP/1.1\r\nHost: h\r\nX-Trail: v  \r\n\r\n"
      "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
      "DELETE /c HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t step : {std::size_t(1), std::size_t(7), std::size_t(1 << 20)}) {
    CAPTURE(step);
    auto parsed = parse_all(input, step);
    REQUIRE(parsed.requests.size() == 3);
    CHECK(parsed.requests[0].method == Method::get);
    CHECK(parsed.requests[0].path == "/a");
    CHECK(parsed.requests[0].query_param("x") == "1");
    CHECK(parsed.requests[0].headers.get("x-trail") == "v");
    CHECK(parsed.requests[1].method == Method::post);
    CHECK(parsed.requests[1].body == "hello");
    CHECK(parsed.requests[2].method == Method::del);
    CHECK(parsed.requests[2].target == "/c");
  }
}

TEST_CASE("parser decodes chunked bodies") {
  auto parsed = parse_all(
      "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n "
      "world\r\n0\r\n\r\n",
      3);
  REQUIRE(parsed.requests.size() == 1);
  CHECK(parsed.requests[0].body == "hello world");
}

TEST_CASE("parser errors carry the right status") {
  auto status_of = [](const std::string& input, ParseLimits limits = {}) {
    return parse_all(input, 1 << 20, limits).error.status;
  };
  CHECK(status_of("GARBAGE\r\n\r\n") == 400);
  CHECK(parse_all("GARBAGE\r\n\r\n").error.message.find("HPE_INVALID_METHOD") != std::string::npos);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n") == 400);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n") ==
        400);
  CHECK(status_of("PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n") == 501);
  CHECK(status_of("GET / HTTP/2.0\r\n\r\n") == 505);
  // Both framings at once is how requests are smuggled past proxies.
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: "
                  "chunked\r\n\r\n") == 400);
  CHECK(status_of("GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(status_of("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n") == 400);

  ParseLimits small{1000, 500};
  CHECK(status_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n", small) == 413);
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(600, 'a') + "\r\n\r\n",
                  small) == 431);
  // Too big before the headers even end.
  CHECK(status_of("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(600, 'a'), small) == 431);
  std::string chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "64\r\n" + std::string(100, 'z') + "\r\n";
  CHECK(status_of(chunked, small) == 413);
}

TEST_CASE("parser keeps to RFC 9112 where http-parser is lenient") {
  auto error_of = [](const std::string& input) { return parse_all(input, 1 << 20, {}).error; };
  CHECK(error_of("GET / HTTP/1.1\r\n\r\n").status == 400);
  CHECK(error_of("GET / HTTP/1.1\r\n\r\n").message.find("Host") != std::string::npos);
  CHECK(error_of("GET / HTTP/1.0\r\n\r\n").status == 0);
  CHECK(error_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length : 1\r\n\r\nz").status == 400);
  CHECK(error_of("GET / HTTP/1.1\r\nHost: x\r\nX Y: 1\r\n\r\n").status == 400);
  for (const char* te :
       {"gzip, chunked", "gzip", "chunked, chunked", "chunked\r\nTransfer-Encoding: chunked"}) {
    CAPTURE(te);
    CHECK(error_of(std::string("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") + te +
                   "\r\n\r\n0\r\n\r\n")
              .status == 501);
  }
  CHECK(error_of("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n")
            .status == 0);
  const std::string chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (const char* size : {"FFFFFFFFFFFFFFFFFFFF", "200000"}) {
    CAPTURE(size);
    auto e = error_of(chunked + size + "\r\n");
    CHECK(e.status == 413);
    CHECK(e.message.find("chunk") != std::string::npos);
  }
}

TEST_CASE("a parsed request carries the JSON depth limit its json() enforces") {
  ParseLimits limits;
  limits.max_json_depth = 2;
  auto p =
      parse_all("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n[[[]]]", 1 << 20, limits);
  REQUIRE(p.requests.size() == 1);
  Request& r = p.requests[0];
  CHECK(r.max_json_depth == 2);
  CHECK_THROWS_WITH_AS(r.json(),
                       "JSON body nests deeper than the limit of 2 levels (server.max_json_depth)",
                       HttpError);
  // Brackets in strings, escaped quotes included, are not nesting.
  Request text;
  text.max_json_depth = 2;
  text.body = R"([{"a":"\"[[[{{{"}, "]]]"])";
  CHECK(text.json()[0]["a"] == "\"[[[{{{");
  Request number;
  number.body = "[1e999]";
  CHECK_THROWS_WITH_AS(number.json(), doctest::Contains("a number is out of range"), HttpError);
}

TEST_CASE("parser reports keep-alive, HTTP/1.0 and Expect") {
  RequestParser parser({});
  ParseEvent event;
  std::string_view in = "POST / HTTP/1.0\r\nContent-Length: 1\r\n\r\n";
  parser.execute(in, event);
  CHECK(event == ParseEvent::headers_complete);
  CHECK_FALSE(parser.keep_alive());
  CHECK(parser.http10());

  RequestParser p2({});
  std::string_view in2 =
      "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n";
  p2.execute(in2, event);
  CHECK(event == ParseEvent::headers_complete);
  CHECK(p2.keep_alive());
  CHECK(p2.expects_continue());
}

TEST_CASE("responses carry framing, request id and no handler framing headers") {
  Response r = Response::text("hello");
  r.headers.add("Content-Length", "99");
  r.headers.add("Transfer-Encoding", "chunked");
  r.headers.add("X-Evil", "a\r\nInjected: yes");
  r.headers.add("X-Good", "1");
  std::string wire = serialize_response(r, {"0123456789abcdef", false, false, false});
  CHECK(wire ==
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Good: 1\r\n"
        "Content-Length: 5\r\nX-Request-Id: 0123456789abcdef\r\n\r\nhello");

  std::string head = serialize_response(r, {"id", true, true, false});
  CHECK(head.find("Content-Length: 5\r\n") != std::string::npos);
  CHECK(head.find("Connection: close\r\n") != std::string::npos);
  CHECK(head.substr(head.size() - 4) == "\r\n\r\n");

  Response empty = Response::empty(204);
  std::string no_content = serialize_response(empty, {"id", false, false, true});
  CHECK(no_content ==
        "HTTP/1.1 204 No Content\r\nX-Request-Id: id\r\nConnection: keep-alive\r\n\r\n");
  CHECK(reason_phrase(413) == "Content Too Large");
  CHECK(reason_phrase(431) == "Request Header Fields Too Large");
}
