#include "log_frame.h"

#include <berth/docker/line_splitter.h>
#include <berth/docker/log_frames.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace berth::docker;

namespace {

using Pieces = std::vector<std::pair<std::string, std::string>>;

// Feeds `bytes` in chunks of `chunk` and joins consecutive pieces of the same stream.
Pieces demux(const std::string& bytes, std::size_t chunk, bool* ok = nullptr) {
  FrameDemuxer d;
  Pieces out;
  bool good = true;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    good = d.feed(std::string_view(bytes).substr(i, chunk), [&](StdStream s, std::string_view p) {
      std::string name(to_string(s));
      if (!out.empty() && out.back().first == name)
        out.back().second += p;
      else
        out.emplace_back(name, std::string(p));
    }) && good;
  }
  if (ok) *ok = good && !d.incomplete();
  return out;
}

}  // namespace

TEST_CASE("frames are split into stdout and stderr however the bytes are chunked") {
  const std::string big(70000, 'x');  // a size that needs three bytes of the length field
  const std::string bytes = log_frame(1, "out 1\n") + log_frame(2, "err 1\n") + log_frame(1, big) +
                            log_frame(1, "") + log_frame(2, "e2");
  const Pieces expected = {
      {"stdout", "out 1\n"}, {"stderr", "err 1\n"}, {"stdout", big}, {"stderr", "e2"}};
  for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{8},
                            std::size_t{9}, std::size_t{4096}, bytes.size()}) {
    bool ok = false;
    CHECK_MESSAGE(demux(bytes, chunk, &ok) == expected, "chunk ", chunk);
    CHECK(ok);
  }
}

TEST_CASE("a stream cut inside a frame is reported incomplete") {
  FrameDemuxer d;
  std::string got;
  auto bytes = log_frame(1, "hello");
  CHECK(d.feed(bytes.substr(0, 10), [&](StdStream, std::string_view p) { got += p; }));
  CHECK(got == "he");
  CHECK(d.incomplete());
  FrameDemuxer header_only;
  CHECK(header_only.feed(bytes.substr(0, 5), [](StdStream, std::string_view) {}));
  CHECK(header_only.incomplete());
}

TEST_CASE("bytes that are not frame headers (a TTY's raw stream) fail the demuxer") {
  FrameDemuxer d;
  int calls = 0;
  CHECK_FALSE(d.feed("hello world\n", [&](StdStream, std::string_view) { ++calls; }));
  CHECK(d.failed());
  CHECK(calls == 0);
  // Stays failed, even for a valid frame afterwards.
  CHECK_FALSE(d.feed(log_frame(1, "x"), [&](StdStream, std::string_view) { ++calls; }));
  CHECK(calls == 0);
  std::string bad = log_frame(1, "x");
  bad[2] = 1;  // the three bytes after the stream must be zero
  CHECK_FALSE(FrameDemuxer().feed(bad, [](StdStream, std::string_view) {}));
  bad = log_frame(3, "x");  // no stream 3
  CHECK_FALSE(FrameDemuxer().feed(bad, [](StdStream, std::string_view) {}));
}

TEST_CASE("lines are joined across chunks; the last one is flushed") {
  LineSplitter s;
  std::vector<std::string> lines;
  auto sink = [&](std::string_view l) { lines.emplace_back(l); };
  s.feed("a\nb", sink);
  s.feed("c\n\nd\r\n", sink);
  s.feed("tail", sink);
  CHECK(lines == std::vector<std::string>{"a", "bc", "", "d\r"});
  s.flush(sink);
  CHECK(lines.back() == "tail");
  s.flush(sink);
  CHECK(lines.size() == 5);
}
