#pragma once
// A route the host serves itself (the /_berth routes, each plugin's job routes): its pattern,
// owner and compiled contract. The caller sets the handler.
#include "contract/route_contract.h"
#include "routing/route_table.h"

#include <berth/method.h>

#include <string>
#include <string_view>

namespace berth::app {

// `path` is a valid pattern (the host's own); a bad schema throws std::invalid_argument.
routing::Route host_route(Method method, std::string_view path, contract::RouteContract contract,
                          std::string owner = "berth");

}  // namespace berth::app
