#pragma once
// Whether a real answer matches what /_berth/openapi.json declares for its route and status, as a
// client generated from the document reads it.
#include "support/http_client.h"

#include <nlohmann/json.hpp>

#include <string>

namespace berth::test {

// Checks (doctest CHECKs) that `document` declares `status` for `method` (lower case) on `path`
// (the document's template, "/notes/{id}"), and that the body is empty where no content is
// declared, else valid against the declared JSON schema.
void check_declared(const nlohmann::json& document, const std::string& method,
                    const std::string& path, const HttpResult& answer);

}  // namespace berth::test
