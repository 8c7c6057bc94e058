#pragma once
// The 400 for input that breaks a declared schema: {"message": "title: ...; ...", "errors":
// [{"in", "path", "message"}, ...]}, every violation named.
#include "contract/json_schema.h"

#include <berth/response.h>

#include <vector>

namespace berth::routing {

Response invalid_input(const std::vector<contract::Violation>& violations);

}  // namespace berth::routing
