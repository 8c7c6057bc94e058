#pragma once
// The OpenAPI 3.1 document of every route in the table: plugin routes under their mounts, the
// job routes with each job's params and result, the host's /_berth routes, the shared error
// envelope and the 503 + Retry-After answer.
#include "routing/route_table.h"

#include <nlohmann/json.hpp>

namespace berth::app {

nlohmann::json openapi_document(const routing::RouteTable& table);

}  // namespace berth::app
