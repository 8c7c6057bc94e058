#pragma once
// What the plugin answers about containers, from what the engine answers; and the checks on what
// a client may send before anything reaches the engine.
#include <berth/request.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace docker_plugin {

inline constexpr std::size_t kMaxContainerRef = 255;

// A container id (or unique prefix) or name; anything else is a 400 before the engine is asked,
// so that no path or query can be smuggled into the Engine API's URL.
const std::string& checked_container_ref(const std::string& ref);

// GET /containers/json item -> {id, names, image, image_id, command, state, status, labels,
// created}. Names lose their leading '/'.
nlohmann::json container_summary(const nlohmann::json& engine_item);
// GET /containers/{id}/json -> the fields a UI shows (no environment: it may hold secrets).
nlohmann::json container_detail(const nlohmann::json& inspect);

// The engine path for GET /containers?all=&label=...: `all` is true/false/1/0, each `label` is
// "key" or "key=value". Throws HttpError(400) naming the parameter.
std::string list_containers_path(const berth::Request& request);

// `tail`: "all" or 0..max; absent: 200 (as a sensible default for a UI). Throws HttpError(400).
std::string parse_tail(const berth::Request& request, int max);

// 1 to max_digits ASCII digits, nothing else.
bool is_digits(std::string_view text, std::size_t max_digits);

// A job's or request's stop grace period: `timeout` seconds 0..3600, else `fallback`.
// Throws HttpError(400).
int parse_stop_timeout(const nlohmann::json& params, int fallback);

}  // namespace docker_plugin
