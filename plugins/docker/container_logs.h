#pragma once
// A container's recent output, stdout and stderr told apart.
#include "engine_link.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace docker_plugin {

// The engine's log stream -> [{"stream": "stdout"|"stderr", "text": line}, ...] in order. Without
// a TTY the stream is multiplexed (log_frames.h); with one it is raw and all of it is "stdout".
// Lines are split per stream, so a line written in pieces stays whole. Throws EngineError
// (protocol) when a frame header is malformed.
nlohmann::json log_lines(std::string_view raw, bool tty);

// GET /containers/{ref}/logs?tail=: {"id", "tty", "lines"}. Throws EngineError.
nlohmann::json container_logs(EngineLink& link, const std::string& ref, const std::string& tail);

}  // namespace docker_plugin
