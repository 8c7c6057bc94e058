#pragma once
// ddClient.docker.listContainers / listImages: the local Docker Engine's GET /containers/json and
// /images/json, with the SDK's options object as the query. Answered in service_forward's
// envelope ({"ok", "value"} or {"ok", "error"}); Desktop gives these lists unwrapped.
#include <berth/response.h>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace berth::app::dev {

// `what` is "containers" or "images"; `options` an object such as {"all": true, "filters": "..."}.
Response engine_list(const std::string& engine_socket, std::string_view what,
                     const nlohmann::json& options);

}  // namespace berth::app::dev
