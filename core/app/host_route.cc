#include "app/host_route.h"

namespace berth::app {

routing::Route host_route(Method method, std::string_view path, contract::RouteContract contract,
                          std::string owner) {
  routing::Route r;
  r.method = method;
  r.pattern = *routing::parse_pattern(path);
  r.owner = std::move(owner);
  contract.compile();
  r.contract = std::make_shared<const contract::RouteContract>(std::move(contract));
  return r;
}

}  // namespace berth::app
