#include "app/dev/page_server.h"

#include "app/dev/dev_events.h"
#include "app/dev/engine_lists.h"
#include "app/dev/page_application.h"
#include "app/dev/plugin_swaps.h"
#include "app/dev/ui_version.h"
#include "app/host_route.h"
#include "app/query_params.h"
#include "dev/ddclient_js.h"
#include "http/server.h"
#include "routing/route_table.h"
#include "routing/router.h"

#include <berth/guard.h>

#include <sys/utsname.h>
#include <unistd.h>

#include <atomic>

namespace berth::app::dev {
namespace {

// Long polls of exec output wait at most this long, well below the reap time of a session.
constexpr std::int64_t kMaxPollMs = 30'000;

// Node's names, which host.platform and host.arch give in Docker Desktop.
nlohmann::json host_facts() {
  utsname u{};
  ::uname(&u);
  std::string machine = u.machine;
  std::string arch = machine == "x86_64"          ? "x64"
                     : machine == "aarch64"       ? "arm64"
                     : machine.starts_with("arm") ? "arm"
                                                  : machine;
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return {{"platform", "linux"}, {"arch", arch}, {"hostname", name}};
}

// One of the page server's own routes; what its handler throws becomes an error answer (an
// HttpError its status, anything else a 500) instead of the router's generic one.
routing::Route page_route(Method method, std::string_view path, std::string summary,
                          std::function<Response(Request&)> handler) {
  auto route = host_route(method, path, {.summary = std::move(summary)}, "berth-dev");
  route.handler = [handler = std::move(handler)](Request& request) noexcept -> Response {
    try {
      return handler(request);
    } catch (...) {
      return detail::response_for_current_exception();
    }
  };
  return route;
}

std::vector<std::string> string_list(const nlohmann::json& value, const char* field) {
  std::vector<std::string> out;
  if (value.is_null()) return out;
  if (!value.is_array())
    throw HttpError(400, std::string(field) + ": expected an array of strings");
  for (const auto& item : value) {
    if (!item.is_string())
      throw HttpError(400, std::string(field) + ": expected an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

http::ServerOptions server_options(int port) {
  http::ServerOptions o;
  o.tcp_host = "127.0.0.1";
  o.tcp_port = port;
  o.io_threads = 1;
  o.worker_threads = 16;  // a dev server's page loads many modules at once
  o.max_request_bytes = 16 << 20;
  return o;
}

}  // namespace

struct PageServer::Impl {
  explicit Impl(PageOptions o)
      : options(std::move(o)),
        router(table),
        sessions(options.exec),
        app(router, [this](const Request& r) { return ui(r); }),
        server(server_options(options.port), app) {
    if (options.ui_dir) version.emplace(options.ui_dir->dir);
    router.set_request_log(false);
    add_routes();
  }

  Response ui(const Request& request) {
    if (options.ui_url) return proxy_ui(*options.ui_url, request);
    if (options.ui_dir) return serve_ui_file(*options.ui_dir, request);
    return Response::error_json(404, "berth dev serves no UI (no --ui, --ui-url or metadata.json)");
  }

  std::string client_script() const {
    nlohmann::json config = host_facts();
    config["shape"] = options.shape == ReplyShape::data ? "data" : "plain";
    config["reload"] = options.ui_dir.has_value();
    config["plugin_swaps"] = options.backend_in_process;
    config["image"] = "berth-dev";
    std::string script(kDdClientJs);
    const std::string marker = "/*BERTH_DEV_CONFIG*/ {}";
    if (auto at = script.find(marker); at != std::string::npos)
      script.replace(at, marker.size(), config.dump());
    return script;
  }

  Response start_exec(Request& request) {
    const nlohmann::json& call = request.json();
    if (!call.is_object() || !call.contains("cmd") || !call["cmd"].is_string())
      throw HttpError(400, "expected {\"cli\": \"vm\"|\"host\"|\"docker\", \"cmd\", \"args\"}");
    std::string cli = call.value("cli", "vm");
    std::string cmd = call["cmd"].get<std::string>();
    std::vector<std::string> args = string_list(call.value("args", nlohmann::json()), "args");
    std::vector<std::string> argv;
    if (cli == "vm" && options.vm_exec_argv) {
      argv = options.vm_exec_argv(cmd, args);
    } else if (cli == "vm" || cli == "host" || cli == "docker") {
      if (cli == "docker") argv.push_back("docker");
      argv.push_back(std::move(cmd));
      argv.insert(argv.end(), std::make_move_iterator(args.begin()),
                  std::make_move_iterator(args.end()));
    } else {
      throw HttpError(400, "cli: expected vm, host or docker, got '" + cli + "'");
    }
    auto id = sessions.start(std::move(argv));
    if (!id) return id.error();
    return Response::json({{"id", *id}}, 201);
  }

  void add_routes() {
    std::vector<routing::Route> routes;
    routes.push_back(
        page_route(Method::get, kClientPath, "The emulated ddClient", [this](Request&) {
          return Response::text(client_script(), 200, "text/javascript; charset=utf-8")
              .header("Cache-Control", "no-store");
        }));
    routes.push_back(page_route(
        Method::post, "/__berth/service", "extension.vm.service.*: a request to the backend socket",
        [this](Request& r) { return forward_service(options.backend_socket, options.shape, r); }));
    routes.push_back(page_route(Method::post, "/__berth/exec", "Starts an exec session",
                                [this](Request& r) { return start_exec(r); }));
    auto poll =
        host_route(Method::get, "/__berth/exec/:id",
                   {.summary = "An exec session's output after `after` (long poll)"}, "berth-dev");
    poll.deferred = [this](Request& r, std::function<void(Response)> respond) {
      try {
        auto after = integer_param(r, "after", 0, INT64_MAX).value_or(0);
        auto wait = integer_param(r, "wait_ms", 0, kMaxPollMs).value_or(0);
        sessions.poll(r.param("id"), static_cast<std::size_t>(after),
                      std::chrono::milliseconds(wait), std::move(respond));
      } catch (...) {
        respond(detail::response_for_current_exception());
      }
    };
    routes.push_back(std::move(poll));
    routes.push_back(page_route(
        Method::post, "/__berth/exec/:id/kill", "Kills an exec session's command",
        [this](Request& r) {
          if (!sessions.kill(r.param("id")))
            return Response::error_json(404, "exec session " + r.param("id") + " not found");
          return Response::json({{"id", r.param("id")}, {"killed", true}}, 202);
        }));
    for (const char* what : {"containers", "images"}) {
      routes.push_back(page_route(
          Method::post, std::string("/__berth/docker/") + what,
          std::string("docker.list") + what + " on the local engine",
          [this, what](Request& r) { return engine_list(options.engine_socket, what, r.json()); }));
    }
    routes.push_back(page_route(
        Method::post, "/__berth/events", "Records a navigate, openExternal or toast call",
        [this](Request& r) {
          const nlohmann::json& event = r.json();
          if (!event.is_object() || !event.contains("kind") || !event["kind"].is_string())
            throw HttpError(400, "expected an object with a \"kind\"");
          events.add(event);
          return Response::empty(204);
        }));
    routes.push_back(page_route(
        Method::get, "/__berth/events", "The events the page raised", [this](Request& r) {
          auto after = integer_param(r, "after", 0, INT64_MAX).value_or(0);
          return Response::json(events.list(static_cast<std::uint64_t>(after)));
        }));
    routes.push_back(
        page_route(Method::get, "/__berth/ui-version",
                   "Changes when a file under the UI root changes", [this](Request&) {
                     return Response::json({{"version", version ? version->current() : 1}});
                   }));
    if (options.backend_in_process)
      routes.push_back(page_route(
          Method::get, "/__berth/plugin-swaps",
          "Rebuilt plugin libraries swapped in or refused, after `after`", [](Request& r) {
            auto after = integer_param(r, "after", 0, INT64_MAX);
            return Response::json(plugin_swaps_after(
                after ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*after))
                      : std::nullopt));
          }));
    if (auto added = table.add(std::move(routes)); !added) throw std::logic_error(added.error());
  }

  PageOptions options;
  routing::RouteTable table;
  routing::Router router;
  ExecSessions sessions;
  DevEvents events;
  std::optional<UiVersion> version;
  PageApplication app;
  std::atomic<bool> stopped{false};
  http::Server server;  // last: stopped first, while what it calls still exists
};

PageServer::PageServer(PageOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

PageServer::~PageServer() {
  stop();
}

void PageServer::start() {
  impl_->server.start();
  impl_->app.set_port(impl_->server.tcp_port());
}

int PageServer::port() const {
  return impl_->server.tcp_port();
}

void PageServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  impl_->sessions.answer_all();
  impl_->server.stop_accepting();
  impl_->server.wait_idle(std::chrono::seconds(2));
  impl_->server.stop();
}

}  // namespace berth::app::dev
