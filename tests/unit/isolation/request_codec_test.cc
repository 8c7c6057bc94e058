#include "isolation/request_codec.h"

#include <doctest/doctest.h>

using namespace berth;
using namespace berth::isolation;

namespace {

Request sample() {
  Request r;
  r.method = Method::patch;
  r.target = "/notes/%FF?q=a+b";
  r.path = std::string("/notes/\xff", 8);
  r.params = {{"id", std::string("\xff", 1)}};
  r.query = {{"q", "a b"}, {"q", "again"}};
  r.headers.add("Content-Type", "application/json");
  r.headers.add("X-Obs", std::string("\x80\x81", 2));
  r.body = std::string("{\"a\":\0}", 7);
  r.request_id = "abc123";
  r.peer = {"unix", 42, 1000, 1001};
  r.max_json_depth = 17;
  return r;
}

}  // namespace

TEST_CASE("a request crosses as it was, bytes that are not UTF-8 included") {
  const Request sent = sample();
  auto got = decode_request(encode_request(5, sent));
  REQUIRE(got);
  CHECK(got->route == 5);
  const Request& r = got->request;
  CHECK(r.method == Method::patch);
  CHECK(r.target == sent.target);
  CHECK(r.path == sent.path);
  CHECK(r.params == sent.params);
  CHECK(r.query == sent.query);
  CHECK(r.headers.fields() == sent.headers.fields());
  CHECK(r.body == sent.body);
  CHECK(r.request_id == "abc123");
  CHECK(r.peer.transport == "unix");
  CHECK(r.peer.pid == 42);
  CHECK(r.peer.uid == 1000);
  CHECK(r.peer.gid == 1001);
  CHECK(r.max_json_depth == 17);
}

TEST_CASE("a response crosses as it was") {
  Response sent = Response::text(std::string("\0bin", 4), 418, "application/octet-stream");
  sent.headers.add("Set-Cookie", "a=1");
  sent.headers.add("Set-Cookie", "b=2");
  sent.error = "why";
  sent.unhandled_exception = true;
  auto got = decode_response(encode_response(sent));
  REQUIRE(got);
  CHECK(got->status == 418);
  CHECK(got->headers.fields() == sent.headers.fields());
  CHECK(got->body == sent.body);
  CHECK(got->error == "why");
  CHECK(got->unhandled_exception);
}

TEST_CASE("every truncation of a request or response body is refused") {
  const std::string request = encode_request(1, sample());
  for (std::size_t n = 0; n < request.size(); ++n) {
    auto got = decode_request(std::string_view(request).substr(0, n));
    REQUIRE_MESSAGE(!got, n);
    CHECK(got.error() == "malformed request frame");
  }
  CHECK(!decode_request(request + "x"));  // trailing bytes
  const std::string response = encode_response(Response::json({{"a", 1}}, 201));
  for (std::size_t n = 0; n < response.size(); ++n)
    CHECK_MESSAGE(!decode_response(std::string_view(response).substr(0, n)), n);
}

TEST_CASE("hostile counts, lengths, methods and statuses are refused without allocating") {
  auto u64 = [](std::uint64_t v) {
    std::string s(8, '\0');
    for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    return s;
  };
  // route, method 99
  CHECK(!decode_request(u64(0) + u64(99)));
  // a route index above 32 bits
  CHECK(!decode_request(u64(1ull << 40) + u64(0)));
  // a target claiming 2^63 bytes
  CHECK(!decode_request(u64(0) + u64(0) + u64(1ull << 63)));
  // 2^60 path parameters after an empty target and path
  CHECK(!decode_request(u64(0) + u64(0) + u64(0) + u64(0) + u64(1ull << 60)));
  // statuses out of range, an unhandled flag that is not 0 or 1
  CHECK(!decode_response(u64(99) + u64(0) + u64(0) + u64(0) + u64(0)));
  CHECK(!decode_response(u64(200) + u64(2) + u64(0) + u64(0) + u64(0)));
  CHECK(decode_response(u64(200) + u64(0) + u64(0) + u64(0) + u64(0)));
}
