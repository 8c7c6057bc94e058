#include "app/builtin_routes.h"

#include "app/berth_schemas.h"
#include "app/host_route.h"
#include "app/openapi_document.h"
#include "plugins/build_signature.h"

#include <berth/version.h>

namespace berth::app {
namespace {

routing::Route builtin(Method method, std::string_view path, RouteHandler handler,
                       bool non_blocking, RouteOptions options) {
  routing::Route r = host_route(method, path, contract::RouteContract::from(options));
  r.handler = std::move(handler);
  r.non_blocking = non_blocking;
  return r;
}

}  // namespace

void add_builtin_routes(routing::RouteTable& table, const HostState& state,
                        const plugins::PluginManager& plugins) {
  std::vector<routing::Route> routes;
  routes.push_back(builtin(Method::get, "/_berth/health",
                           [](Request&) noexcept {
                             return Response::json({{"status", "ok"}});
                           },
                           true,
                           {.summary = "Liveness: the host answers",
                            .name = "health",
                            .responses = {{200, schemas::health()}}}));
  routes.push_back(builtin(Method::get, "/_berth/ready",
                           [&state](Request&) noexcept {
                             if (state.ready.load()) return Response::json({{"ready", true}});
                             return Response::error_json(503, "not ready", {{"ready", false}});
                           },
                           true,
                           {.summary = "Readiness: every plugin started",
                            .name = "ready",
                            .responses = {{200, schemas::ready()}, {503, schemas::ready()}}}));
  routes.push_back(
      builtin(Method::get, "/_berth/plugins",
              [&plugins](Request&) noexcept {
                try {
                  nlohmann::json list = nlohmann::json::array();
                  for (const auto& s : plugins.statuses()) list.push_back(plugins::to_json(s));
                  return Response::json({{"plugins", list}});
                } catch (const std::exception& e) {
                  return Response::error_json(500, e.what());
                }
              },
              false,
              {.summary = "The configured plugins: state, mount, routes and request counts",
               .name = "listPlugins",
               .responses = {{200, schemas::plugins()}}}));
  routes.push_back(builtin(Method::get, "/_berth/version",
                           [](Request&) noexcept {
                             return Response::json(
                                 {{"version", BERTH_SDK_VERSION_STRING},
                                  {"abi", BERTH_ABI_VERSION},
                                  {"build_signature", plugins::host_signature()}});
                           },
                           true,
                           {.summary = "The host's SDK version, plugin ABI and build signature",
                            .name = "version",
                            .responses = {{200, schemas::version()}}}));
  routes.push_back(builtin(
      Method::get, "/_berth/openapi.json",
      [&table](Request&) noexcept {
        try {
          return Response::json(openapi_document(table));
        } catch (const std::exception& e) {
          return Response::error_json(500, e.what());
        }
      },
      false,
      {.summary = "This document: every running plugin's routes, the job routes and the host's",
       .name = "openapi",
       .responses = {{200, {{"type", "object"}, {"required", {"openapi", "paths"}}}}}}));
  if (auto added = table.add(std::move(routes)); !added) throw std::logic_error(added.error());
}

}  // namespace berth::app
