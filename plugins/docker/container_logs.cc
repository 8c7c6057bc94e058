#include "container_logs.h"

#include <berth/docker/line_splitter.h>
#include <berth/docker/log_frames.h>

namespace docker_plugin {

using berth::docker::StdStream;

nlohmann::json log_lines(std::string_view raw, bool tty) {
  nlohmann::json lines = nlohmann::json::array();
  auto add = [&](StdStream stream) {
    return [&lines, stream](std::string_view line) {
      lines.push_back({{"stream", berth::docker::to_string(stream)}, {"text", line}});
    };
  };
  if (tty) {
    berth::docker::LineSplitter splitter;
    splitter.feed(raw, add(StdStream::out));
    splitter.flush(add(StdStream::out));
    return lines;
  }
  berth::docker::LineSplitter out, err;
  berth::docker::FrameDemuxer demux;
  bool ok = demux.feed(raw, [&](StdStream stream, std::string_view payload) {
    if (stream == StdStream::err)
      err.feed(payload, add(StdStream::err));
    else
      out.feed(payload, add(StdStream::out));
  });
  if (!ok)
    throw berth::docker::EngineError(berth::docker::EngineError::Kind::protocol, 502,
                                     "Docker Engine's log stream is not multiplexed as expected");
  out.flush(add(StdStream::out));
  err.flush(add(StdStream::err));
  return lines;
}

nlohmann::json container_logs(EngineLink& link, const std::string& ref, const std::string& tail) {
  auto& engine = link.client();
  const std::string id = berth::docker::escape(ref);
  // The TTY setting decides the stream's format; inspecting first also gives the engine's 404.
  auto inspect = engine.get("/containers/" + id + "/json");
  const bool tty = inspect.value("/Config/Tty"_json_pointer, false);
  auto reply = engine.request("GET", "/containers/" + id + "/logs?stdout=1&stderr=1&tail=" + tail);
  return {{"id", inspect.value("Id", "")}, {"tty", tty}, {"lines", log_lines(reply.body, tty)}};
}

}  // namespace docker_plugin
