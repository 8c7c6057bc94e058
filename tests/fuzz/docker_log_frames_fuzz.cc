// What the engine streams for container logs: multiplexed frames (or a TTY's raw bytes) split
// into lines, in chunks of any size. The same bytes give the same frames and lines however the
// transfer cuts them.
#include "fuzz_target.h"

#include <berth/docker/line_splitter.h>
#include <berth/docker/log_frames.h>

#include <string>
#include <vector>

namespace {

struct Demuxed {
  std::vector<std::pair<berth::docker::StdStream, std::string>> lines;
  bool failed = false;
  bool incomplete = false;
};

Demuxed demux_in_pieces(std::string_view bytes, std::size_t piece) {
  berth::docker::FrameDemuxer demuxer;
  berth::docker::LineSplitter out_lines, err_lines;
  Demuxed result;
  auto sink_for = [&](berth::docker::StdStream stream) {
    return [&result, stream](std::string_view line) { result.lines.emplace_back(stream, line); };
  };
  const auto on_payload = [&](berth::docker::StdStream stream, std::string_view payload) {
    BERTH_FUZZ_CHECK(!berth::docker::to_string(stream).empty());
    auto& splitter = stream == berth::docker::StdStream::err ? err_lines : out_lines;
    splitter.feed(
        payload, sink_for(stream == berth::docker::StdStream::err ? berth::docker::StdStream::err
                                                                  : berth::docker::StdStream::out));
  };
  while (!bytes.empty() && !result.failed) {
    std::string_view chunk = bytes.substr(0, piece);
    bytes.remove_prefix(chunk.size());
    result.failed = !demuxer.feed(chunk, on_payload);
    BERTH_FUZZ_CHECK(result.failed == demuxer.failed());
  }
  result.incomplete = demuxer.incomplete();
  out_lines.flush(sink_for(berth::docker::StdStream::out));
  err_lines.flush(sink_for(berth::docker::StdStream::err));
  return result;
}

}  // namespace

BERTH_FUZZ_TARGET(docker_log_frames) {
  if (size < 1) return 0;
  const std::size_t piece = 1 + data[0] % 32;
  const std::string_view bytes = berth::fuzz::as_text(data + 1, size - 1);
  Demuxed whole = demux_in_pieces(bytes, bytes.size() + 1);
  Demuxed split = demux_in_pieces(bytes, piece);
  BERTH_FUZZ_CHECK(whole.failed == split.failed);
  if (!whole.failed) {
    BERTH_FUZZ_CHECK(whole.incomplete == split.incomplete);
    BERTH_FUZZ_CHECK(whole.lines == split.lines);
  }
  // A TTY container's stream is read as plain lines.
  std::vector<std::string> lines;
  berth::docker::LineSplitter splitter;
  for (std::size_t at = 0; at < bytes.size(); at += piece)
    splitter.feed(bytes.substr(at, piece), [&](std::string_view l) { lines.emplace_back(l); });
  splitter.flush([&](std::string_view l) { lines.emplace_back(l); });
  std::string joined;
  for (std::size_t i = 0; i < lines.size(); ++i) joined += (i ? "\n" : "") + lines[i];
  BERTH_FUZZ_CHECK(joined == bytes || joined + "\n" == bytes);
  return 0;
}
