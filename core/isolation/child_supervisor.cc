#include "isolation/child_supervisor.h"

#include "isolation/duration_text.h"
#include "isolation/request_codec.h"
#include "log/logger.h"

namespace berth::isolation {
namespace {

std::string_view state_name(int state) {
  static constexpr std::string_view names[] = {"starting", "running", "restarting", "failed",
                                               "stopped"};
  return names[state];
}

std::string frame_type_text(FrameType type) {
  return std::to_string(static_cast<int>(type));
}

}  // namespace

ChildSupervisor::ChildSupervisor(config::PluginEntry entry, std::string path,
                                 IsolationOptions options)
    : entry_(std::move(entry)),
      path_(std::move(path)),
      options_(std::move(options)),
      config_(entry_.config),
      crashes_(entry_.isolation.max_crashes, entry_.isolation.crash_window) {}

ChildSupervisor::~ChildSupervisor() {
  stop();
}

Expected<OpenedPlugin> ChildSupervisor::open() {
  std::future<Expected<OpenedPlugin>> opened;
  {
    std::lock_guard lock(mutex_);
    first_open_.emplace();
    opened = first_open_->get_future();
  }
  thread_ = std::thread([this] { run(); });
  return opened.get();
}

void ChildSupervisor::run() {
  Expected<OpenedPlugin> first = start_child();
  std::unique_lock lock(mutex_);
  first_open_->set_value(std::move(first));
  first_open_.reset();
  for (;;) {
    changed_.wait(lock, [&] { return quit_ || child_ended_ || restart_request_; });
    if (quit_) return;
    if (restart_request_) {
      std::promise<Expected<void>> request = std::move(*restart_request_);
      restart_request_.reset();
      crashes_.clear();
      failure_.reset();
      child_ended_ = false;
      state_ = State::restarting;
      lock.unlock();
      Expected<void> done = restart();
      lock.lock();
      if (stopping_) {
        request.set_value(unexpected(std::string("the plugin is stopping")));
        continue;
      }
      if (done) {
        state_ = State::running;
        ++restarts_;
      } else {
        state_ = State::failed;
        failure_ = "plugin '" + entry_.name + "' could not be started again: " + done.error();
      }
      request.set_value(std::move(done));
      continue;
    }
    child_ended_ = false;
    // Before its registration a child's end fails that step itself; a failed one waits for a
    // new config.
    if (!registered_ || state_ == State::failed || stopping_) continue;
    ++crash_count_;
    const std::string how = last_crash_ ? last_crash_->what : "ended";
    if (crashes_.add(CrashRecord::Clock::now())) {
      state_ = State::failed;
      failure_ = "plugin '" + entry_.name + "' " + how + ", " +
                 std::to_string(entry_.isolation.max_crashes) + " crashes within " +
                 duration_text(entry_.isolation.crash_window) +
                 "; it stays failed until its config changes";
      log::error("plugin child crashed too often; not restarting",
                 {{"plugin", entry_.name}, {"error", *failure_}});
      continue;
    }
    state_ = State::restarting;
    const auto delay = crashes_.backoff();
    log::warn("plugin child ended; restarting",
              {{"plugin", entry_.name}, {"error", how}, {"backoff_ms", delay.count()}});
    if (changed_.wait_for(lock, delay, [&] { return stopping_; })) continue;
    lock.unlock();
    Expected<void> done = restart();
    lock.lock();
    if (stopping_) continue;
    if (done) {
      state_ = State::running;
      ++restarts_;
      log::info("plugin child restarted", {{"plugin", entry_.name}, {"restarts", restarts_}});
    } else if (!child_ended_ && !stopping_) {
      // Not a crash (that is counted above when the loop comes round): it cannot serve as the
      // first child did.
      state_ = State::failed;
      failure_ = "plugin '" + entry_.name + "' could not be restarted: " + done.error();
      log::error("plugin child could not be restarted",
                 {{"plugin", entry_.name}, {"error", *failure_}});
    }
  }
}

Expected<OpenedPlugin> ChildSupervisor::start_child() {
  auto process = ChildProcess::spawn(options_.binary, {.address_space = entry_.isolation.memory,
                                                       .open_files = entry_.isolation.open_files});
  if (!process) return unexpected("cannot start a plugin child: " + process.error());
  std::shared_ptr<ChildConnection> replaced;
  ChildStart start;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = ++generation_;
    start.config = config_;
    // Marks name the lines of the section as first written; a later one has lines of its own.
    if (config_ == entry_.config) start.config_marks = entry_.config_marks;
  }
  auto connection = std::make_shared<ChildConnection>(
      std::move(*process), entry_.name, stderr_tail_,
      [this, generation](const ChildExit& how) { child_ended(generation, how); });
  {
    std::lock_guard lock(mutex_);
    replaced = std::exchange(child_, connection);
    child_ended_ = false;
  }
  replaced.reset();  // outside the lock: its reader may be waiting for it
  start.name = entry_.name;
  start.path = path_;
  start.mount = entry_.mount;
  start.config_path = entry_.config_path;
  start.data_dir = options_.data_dir;
  start.log_level = options_.log_level;
  start.worker_threads = options_.worker_threads;
  auto answer = connection->call(FrameType::start, dump_body(isolation::to_json(start)),
                                 entry_.isolation.deadline);
  if (!answer) return unexpected("the plugin child " + answer.error() + " opening " + path_);
  if (answer->type == FrameType::failed) return unexpected(std::move(answer->body));
  if (answer->type != FrameType::opened)
    return unexpected("the plugin child answered start with frame type " +
                      frame_type_text(answer->type));
  auto body = parse_body(answer->body);
  if (!body) return unexpected(body.error());
  return opened_plugin_from(*body);
}

Expected<Frame> ChildSupervisor::call(FrameType type, std::string body,
                                      std::chrono::milliseconds deadline) {
  std::shared_ptr<ChildConnection> child;
  {
    std::lock_guard lock(mutex_);
    child = child_;
  }
  if (!child) return unexpected(std::string("has no child process"));
  return child->call(type, std::move(body), deadline);
}

Expected<ChildRegistration> ChildSupervisor::call_register() {
  auto answer = call(FrameType::register_, "", entry_.isolation.deadline);
  if (!answer) return unexpected("the plugin child " + answer.error() + " registering");
  if (answer->type != FrameType::registered)
    return unexpected("the plugin child answered register with frame type " +
                      frame_type_text(answer->type));
  auto body = parse_body(answer->body);
  if (!body) return unexpected(body.error());
  auto registration = child_registration_from(*body);
  if (!registration) return registration;
  if (!registration->error.empty()) return unexpected(std::move(registration->error));
  return registration;
}

Expected<ChildRegistration> ChildSupervisor::register_routes() {
  auto registration = call_register();
  if (!registration) return registration;
  std::lock_guard lock(mutex_);
  if (!registered_) {
    routes_ = registration->routes;
    registered_ = true;
    state_ = State::running;
  }
  return registration;
}

void ChildSupervisor::activate() {
  {
    std::lock_guard lock(mutex_);
    active_ = true;
  }
  auto answer = call(FrameType::activate, "", entry_.isolation.deadline);
  // A child that crashed here is restarted, and activated, as any other.
  if (!answer)
    log::error("plugin child did not activate",
               {{"plugin", entry_.name}, {"error", answer.error()}});
}

Expected<void> ChildSupervisor::restart() {
  auto opened = start_child();
  if (!opened) return unexpected(opened.error());
  auto registration = call_register();
  if (!registration) return unexpected(registration.error());
  bool active = false;
  {
    std::lock_guard lock(mutex_);
    if (!same_routes(registration->routes, routes_))
      return unexpected(std::string("the new child registered other routes than the first"));
    active = active_;
  }
  if (active) {
    auto activated = call(FrameType::activate, "", entry_.isolation.deadline);
    if (!activated) return unexpected("the plugin child " + activated.error() + " activating");
  }
  return {};
}

void ChildSupervisor::child_ended(std::uint64_t generation, const ChildExit& how) {
  std::lock_guard lock(mutex_);
  if (generation != generation_ || stopping_) return;
  last_crash_ = how;
  child_ended_ = true;
  if (state_ == State::running) state_ = State::restarting;
  changed_.notify_all();
}

std::string ChildSupervisor::message_locked() const {
  const std::string plugin = "plugin '" + entry_.name + "' ";
  switch (state_) {
    case State::failed: return failure_.value_or(plugin + "failed");
    case State::stopped: return plugin + "is stopping";
    case State::starting: return plugin + "is starting";
    case State::restarting:
    case State::running:
      return plugin + (last_crash_ ? last_crash_->what : std::string("ended")) + "; restarting";
  }
  return plugin + "is not available";
}

Response ChildSupervisor::forward(std::uint32_t route, Request& request) {
  std::shared_ptr<ChildConnection> child;
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::running || !child_) return options_.unavailable(request, message_locked());
    child = child_;
  }
  auto answer =
      child->call(FrameType::request, encode_request(route, request), entry_.isolation.deadline);
  if (!answer)
    return options_.unavailable(request,
                                "plugin '" + entry_.name + "' " + answer.error() + "; restarting");
  std::optional<std::string> broken;
  if (answer->type != FrameType::response) {
    broken = "it answered a request with frame type " + frame_type_text(answer->type);
  } else if (auto response = decode_response(answer->body)) {
    return std::move(*response);
  } else {
    broken = response.error();
  }
  const std::string reason = "was killed: " + *broken;
  child->kill(reason);
  return options_.unavailable(request, "plugin '" + entry_.name + "' " + reason + "; restarting");
}

std::string ChildSupervisor::apply_config(const nlohmann::json& next) {
  std::future<Expected<void>> restarted;
  {
    std::lock_guard lock(mutex_);
    if (failure_ && !stopping_) {
      config_ = next;
      restart_request_.emplace();
      restarted = restart_request_->get_future();
      changed_.notify_all();
    }
  }
  if (restarted.valid()) {
    auto done = restarted.get();
    if (!done) return done.error();
    log::info("plugin child started again with its new config", {{"plugin", entry_.name}});
    return "";
  }
  auto answer = call(FrameType::config, dump_body(next), entry_.isolation.deadline);
  if (!answer) return "the plugin child " + answer.error();
  if (answer->type != FrameType::configured)
    return "the plugin child answered config with frame type " + frame_type_text(answer->type);
  if (answer->body.empty()) {
    std::lock_guard lock(mutex_);
    config_ = next;
  }
  return answer->body;
}

void ChildSupervisor::stop() noexcept {
  std::shared_ptr<ChildConnection> child;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    state_ = State::stopped;
    child = child_;
    if (restart_request_) {
      restart_request_->set_value(unexpected(std::string("the plugin is stopping")));
      restart_request_.reset();
    }
    changed_.notify_all();
  }
  if (child && !child->ended()) {
    auto answer = child->call(FrameType::stop, "", options_.stop_deadline);
    if (!answer)
      log::warn("plugin child did not stop cleanly",
                {{"plugin", entry_.name}, {"error", answer.error()}});
  }
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
    changed_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::shared_ptr<ChildConnection> last;
  {
    std::lock_guard lock(mutex_);
    last = std::move(child_);
  }
  child.reset();
  last.reset();  // outside the lock: joins its reader, which reaps the child
}

nlohmann::json ChildSupervisor::to_json() const {
  std::lock_guard lock(mutex_);
  nlohmann::json stderr_lines = nlohmann::json::array();
  for (auto& line : stderr_tail_->lines()) stderr_lines.push_back(line);
  const bool alive = child_ && !child_->ended();
  return {
      {"state", state_name(static_cast<int>(state_))},
      {"pid", alive ? nlohmann::json(child_->pid()) : nlohmann::json(nullptr)},
      {"crashes", crash_count_},
      {"restarts", restarts_},
      {"last_crash", last_crash_ ? nlohmann::json(last_crash_->what) : nlohmann::json(nullptr)},
      {"last_signal", last_crash_ && last_crash_->signal ? nlohmann::json(*last_crash_->signal)
                                                         : nlohmann::json(nullptr)},
      {"stderr", stderr_lines},
      {"deadline_ms", entry_.isolation.deadline.count()},
      {"max_crashes", entry_.isolation.max_crashes},
      {"crash_window_ms", entry_.isolation.crash_window.count()},
      {"memory_limit",
       entry_.isolation.memory ? nlohmann::json(entry_.isolation.memory) : nlohmann::json(nullptr)},
      {"open_files_limit", entry_.isolation.open_files ? nlohmann::json(entry_.isolation.open_files)
                                                       : nlohmann::json(nullptr)}};
}

std::optional<std::string> ChildSupervisor::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace berth::isolation
