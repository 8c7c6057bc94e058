#pragma once
// The runner's 400s in the host's shape for a schema violation, so that a client reads one shape
// whichever check refused it:
//   {"message": "args.path: ...", "errors": [{"in": "body", "path": "/args/path", "message": ...}]}
#include <berth/http_error.h>

#include <string>

namespace runner {

// A top-level field of the params: "command", "args".
berth::HttpError refusal(const std::string& field, const std::string& problem);
// One of args: an args key may hold any character, so its pointer is escaped ("/args/a~1b").
berth::HttpError arg_refusal(const std::string& key, const std::string& problem);

}  // namespace runner
