#include "isolation/frame.h"

#include <doctest/doctest.h>

#include <vector>

using namespace berth::isolation;

namespace {

std::string header_with(std::uint32_t magic, std::uint16_t version, std::uint16_t type,
                        std::uint32_t length) {
  std::string h = encode_frame({FrameType::request, 7, ""});
  auto put = [&](std::size_t at, std::uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) h[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  put(0, magic, 4);
  put(4, version, 2);
  put(6, type, 2);
  put(16, length, 4);
  return h;
}

}  // namespace

TEST_CASE("frames round-trip, whatever the split of the stream") {
  std::string stream;
  const std::vector<Frame> sent = {{FrameType::start, 1, "{\"name\":\"x\"}"},
                                   {FrameType::request, 2, std::string("\0\xff\n", 3)},
                                   {FrameType::stop, 3, ""},
                                   {FrameType::response, UINT64_MAX, std::string(100000, 'b')}};
  for (const auto& f : sent) stream += encode_frame(f);
  CHECK(encode_frame(sent[2]).size() == kFrameHeaderBytes);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, stream.size()}) {
    CAPTURE(chunk);
    FrameDecoder decoder;
    std::vector<Frame> got;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      decoder.feed(std::string_view(stream).substr(at, chunk));
      for (;;) {
        auto frame = decoder.next();
        REQUIRE(frame);
        if (!*frame) break;
        got.push_back(std::move(**frame));
      }
    }
    REQUIRE(got.size() == sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
      CHECK(got[i].type == sent[i].type);
      CHECK(got[i].id == sent[i].id);
      CHECK(got[i].body == sent[i].body);
    }
    CHECK(decoder.pending() == 0);
  }
}

TEST_CASE("a frame cut short waits, and says so at the end of the stream") {
  const std::string whole = encode_frame({FrameType::response, 9, "twelve bytes"});
  for (std::size_t n = 0; n < whole.size(); ++n) {
    FrameDecoder decoder;
    decoder.feed(whole.substr(0, n));
    auto frame = decoder.next();
    REQUIRE(frame);
    CHECK(!*frame);
    CHECK(decoder.pending() == n);
  }
}

TEST_CASE("hostile headers are refused before anything is allocated for them") {
  struct Case {
    std::string header, error;
  };
  const std::vector<Case> cases = {
      {header_with(0x41414141, kProtocolVersion, 6, 0), "not a berth frame (bad magic)"},
      {header_with(kFrameMagic, 2, 6, 0), "frame of protocol version 2, expected 1"},
      {header_with(kFrameMagic, kProtocolVersion, 0, 0), "unknown frame type 0"},
      {header_with(kFrameMagic, kProtocolVersion, 999, 0), "unknown frame type 999"},
      {header_with(kFrameMagic, kProtocolVersion, 6, 0xffffffff),
       "frame body of 4294967295 bytes, more than the 268435456 allowed"},
  };
  for (const auto& c : cases) {
    FrameDecoder decoder;
    decoder.feed(c.header);
    auto frame = decoder.next();
    REQUIRE(!frame);
    CHECK(frame.error() == c.error);
  }
}
