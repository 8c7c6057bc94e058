// berth::testing::TestHost: the host's own pieces (PluginManager, storage::Database, TaskHost,
// RouteTable, Router, the job routes) wired as core/app/host.cc wires them, minus the sockets.
#include <berth/testing/test_host.h>

#include "app/plugin_services.h"
#include "http/uri.h"
#include "log/logger.h"
#include "plugins/plugin_library.h"
#include "plugins/plugin_manager.h"
#include "routing/route_table.h"
#include "routing/router.h"
#include "storage/database.h"
#include "tasks/task_host.h"

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace berth::testing {

struct TestHost::Impl {
  std::filesystem::path data_dir;
  bool remove_data_dir = false;
  std::string name;
  std::unique_ptr<storage::Database> host_db;
  std::unique_ptr<tasks::TaskHost> tasks;
  routing::RouteTable table;
  std::unique_ptr<routing::Router> router;
  std::unique_ptr<app::PluginServices> services;
  std::unique_ptr<plugins::PluginManager> plugins;
  std::atomic<int> requests{0};

  void stop() noexcept {
    if (tasks) tasks->shutdown(std::chrono::seconds(5));
    if (plugins) plugins->stop_all();
    plugins.reset();  // unloads the library
    services.reset();
    tasks.reset();
    host_db.reset();
    if (remove_data_dir) {
      std::error_code ec;
      std::filesystem::remove_all(data_dir, ec);
    }
  }
};

namespace {

std::filesystem::path make_temp_dir() {
  std::string dir = (std::filesystem::temp_directory_path() / "berth-testhost-XXXXXX").string();
  if (!mkdtemp(dir.data())) throw std::runtime_error("TestHost: cannot create a temporary folder");
  return dir;
}

}  // namespace

TestHost::TestHost(TestHostOptions options) : impl_(std::make_unique<Impl>()) {
  static std::once_flag log_once;
  std::call_once(log_once, [&] {
    log::init(options.log ? LogLevel::debug : LogLevel::error, log::Format::json);
  });
  const std::string file = options.plugin.string();
  auto inspected = plugins::inspect_plugin_library(options.plugin);
  if (!inspected) throw std::runtime_error("TestHost: " + inspected.error());
  if (!inspected->loadable) throw std::runtime_error("TestHost: " + inspected->loadable.error());
  impl_->name = options.name.empty() ? inspected->name : options.name;

  if (options.data_dir.empty()) {
    impl_->data_dir = make_temp_dir();
    impl_->remove_data_dir = true;
  } else {
    impl_->data_dir = options.data_dir;
    std::filesystem::create_directories(impl_->data_dir);
  }
  try {
    impl_->host_db = std::make_unique<storage::Database>(storage::DatabaseOptions{
        .path = impl_->data_dir / "berth.db", .backup_dir = impl_->data_dir / "backups"});
    impl_->tasks = std::make_unique<tasks::TaskHost>(
        *impl_->host_db, tasks::TaskHostOptions{.workers = options.task_workers});
    impl_->tasks->recover();
    impl_->router = std::make_unique<routing::Router>(impl_->table);
    impl_->router->set_request_log(options.log);
    impl_->services = std::make_unique<app::PluginServices>(
        app::PluginServicesOptions{.data_dir = impl_->data_dir, .tasks = impl_->tasks.get()});
    impl_->plugins = std::make_unique<plugins::PluginManager>(impl_->table, *impl_->services);

    config::HostConfig config;
    config.source = "<TestHost>";
    config.data_dir = impl_->data_dir.string();
    config::PluginEntry entry;
    entry.name = impl_->name;
    entry.path = std::filesystem::absolute(options.plugin).string();
    entry.mount = options.mount;
    entry.required = true;
    entry.config = options.config.is_null() ? nlohmann::json::object() : options.config;
    config.plugins.push_back(std::move(entry));
    std::vector<std::string> fatal = impl_->plugins->start(config);
    if (!fatal.empty()) {
      std::string message = "TestHost: plugin '" + impl_->name + "' did not start:";
      for (const auto& f : fatal) message += " " + f;
      throw std::runtime_error(message);
    }
  } catch (...) {
    impl_->stop();
    throw;
  }
}

TestHost::~TestHost() {
  impl_->stop();
}

Response TestHost::call(std::string_view method, std::string_view target, std::string body,
                        const std::map<std::string, std::string>& headers) {
  std::string upper(method);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  auto parsed = parse_method(upper);
  if (!parsed) throw std::invalid_argument("TestHost::call: unknown method '" + upper + "'");

  Request request;
  request.method = *parsed;
  request.target = std::string(target);
  for (const auto& [name, value] : headers) request.headers.add(name, value);
  request.body = std::move(body);
  request.request_id = "test-" + std::to_string(++impl_->requests);
  request.peer.transport = "test";
  if (auto decoded = http::decode_target(request); !decoded)
    return Response::error_json(400, decoded.error());

  struct Later {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<Response> response;
  };
  auto later = std::make_shared<Later>();
  http::Deferral deferral([later]() -> http::Responder {
    return [later](Response r) {
      std::lock_guard lock(later->mutex);
      later->response = std::move(r);
      later->done.notify_all();
    };
  });
  Response response = impl_->router->handle(request, deferral);
  if (!deferral.taken()) return response;
  std::unique_lock lock(later->mutex);
  if (!later->done.wait_for(lock, std::chrono::seconds(60),
                            [&] { return later->response.has_value(); }))
    throw std::runtime_error("TestHost::call: deferred response did not arrive within 60 s");
  return std::move(*later->response);
}

Response TestHost::call_json(std::string_view method, std::string_view target,
                             const nlohmann::json& body) {
  return call(method, target, body.dump(), {{"Content-Type", "application/json"}});
}

nlohmann::json TestHost::run_job(std::string_view name, const nlohmann::json& params,
                                 std::chrono::milliseconds timeout) {
  auto started = impl_->tasks->start_job(impl_->name, std::string(name), params);
  if (!started)
    throw std::runtime_error("TestHost::run_job: cannot start job '" + std::string(name) + "' (" +
                             std::string(tasks::to_string(started.error().code)) +
                             "): " + started.error().message);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::optional<nlohmann::json> job = impl_->tasks->job(*started);
    if (job) {
      std::string state = job->value("state", "");
      if (state != "queued" && state != "running") return *job;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("TestHost::run_job: job '" + std::string(name) +
                               "' did not finish within " + std::to_string(timeout.count()) +
                               " ms" + (job ? ": " + job->dump() : std::string()));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

const std::string& TestHost::plugin_name() const noexcept {
  return impl_->name;
}
const std::filesystem::path& TestHost::data_dir() const noexcept {
  return impl_->data_dir;
}

}  // namespace berth::testing
