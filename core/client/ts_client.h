#pragma once
// `berth client --lang ts`: one dependency-free TypeScript module from an OpenAPI 3.1 document:
// the runtime (transports over ddClient's vm.service and fetch, reply shapes, BerthError, jobs)
// then the document's types and a typed function per operation, grouped by plugin.
#include <nlohmann/json.hpp>

#include <string>

namespace berth::client {

// The module's text; byte-identical for the same document and `source` (named in the header).
// Throws OpenApiError when the document is not usable.
std::string generate_ts_client(const nlohmann::json& document, const std::string& source);

}  // namespace berth::client
