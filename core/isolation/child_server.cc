#include "isolation/child_server.h"

#include "isolation/child_services.h"
#include "isolation/frame.h"
#include "isolation/request_codec.h"
#include "log/logger.h"
#include "plugins/plugin_instance.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace berth::isolation {
namespace {

// The host reads everything: a failed write means it is gone, and so is the reason to run.
class FrameWriter {
 public:
  explicit FrameWriter(int fd) : fd_(fd) {}
  void send(FrameType type, std::uint64_t id, std::string body) {
    const std::string bytes = encode_frame({type, id, std::move(body)});
    std::lock_guard lock(mutex_);
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (!(n < 0 && errno == EINTR)) {
        log::shutdown();
        ::_exit(0);
      }
    }
  }

 private:
  const int fd_;
  std::mutex mutex_;
};

// Handler threads: as many requests run at once as the host's workers could send.
class HandlerPool {
 public:
  explicit HandlerPool(int threads) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  }
  ~HandlerPool() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

// A route's path as the plugin wrote it: the mount taken off again.
std::string relative_path(const std::string& full, const std::string& mount) {
  if (mount == "/" || full.compare(0, mount.size(), mount) != 0) return full;
  std::string rest = full.substr(mount.size());
  return rest.empty() ? "/" : rest;
}

class ChildServer {
 public:
  ChildServer(int fd, const StorageServices& storage) : writer_(fd), storage_(storage) {}

  // The answer to one lifecycle frame; requests go to the pool.
  void handle(Frame frame) {
    switch (frame.type) {
      case FrameType::start: return start(frame);
      case FrameType::register_: return register_routes(frame);
      case FrameType::activate:
        if (instance_ && registered_ && !active_) {
          instance_->activate();
          active_ = true;
        }
        return writer_.send(FrameType::activate, frame.id, "");
      case FrameType::request: return request(std::move(frame));
      case FrameType::config: return configure(frame);
      case FrameType::stop: return stop(frame);
      default:
        return writer_.send(
            FrameType::failed, frame.id,
            "unexpected frame type " + std::to_string(static_cast<int>(frame.type)));
    }
  }

 private:
  void start(const Frame& frame) {
    auto body = parse_body(frame.body);
    auto parsed = body ? child_start_from(*body) : Expected<ChildStart>(unexpected(body.error()));
    if (!parsed) return writer_.send(FrameType::failed, frame.id, parsed.error());
    start_ = std::move(*parsed);
    if (auto level = log::parse_level(start_.log_level)) log::set_level(*level);
    services_ = std::make_unique<ChildServices>(storage_(start_));
    entry_.name = start_.name;
    entry_.path = start_.path;
    entry_.mount = start_.mount;
    entry_.config = start_.config;
    entry_.config_path = start_.config_path;
    entry_.config_marks = start_.config_marks;
    auto opened = plugins::PluginInstance::open(entry_, start_.path);
    if (!opened) return writer_.send(FrameType::failed, frame.id, opened.error());
    instance_ = std::move(*opened);
    pool_ = std::make_unique<HandlerPool>(start_.worker_threads);
    const PluginDescriptor& d = instance_->descriptor();
    auto text = [](const char* s) { return s ? std::string(s) : std::string(); };
    OpenedPlugin out{d.abi_version,       d.struct_size,           text(d.name),    text(d.version),
                     text(d.description), text(d.build_signature), text(d.depends), std::nullopt};
    if (d.config_schema) out.config_schema = d.config_schema;
    writer_.send(FrameType::opened, frame.id, dump_body(to_json(out)));
  }

  void register_routes(const Frame& frame) {
    ChildRegistration registration;
    if (!instance_ || registered_) {
      registration.error = "register before start, or twice";
    } else {
      database_ = std::make_shared<plugins::DatabaseSlot>(*services_, start_.name);
      auto staged =
          instance_->stage(*services_, database_, false, std::make_shared<routing::OwnerStats>());
      if (staged) {
        registered_ = true;
        routes_ = instance_->take_routes();
        for (const auto& r : routes_)
          registration.routes.push_back(
              {r.method, relative_path(r.pattern.text, instance_->mount()), *r.contract});
        registration.config_handler = instance_->context()->has_config_handler();
      } else {
        registration.error = staged.error();
      }
    }
    writer_.send(FrameType::registered, frame.id, dump_body(to_json(registration)));
  }

  void request(Frame frame) {
    if (!registered_) return writer_.send(FrameType::failed, frame.id, "not registered");
    pool_->post([this, frame = std::move(frame)] {
      auto routed = decode_request(frame.body);
      if (!routed || routed->route >= routes_.size()) {
        return writer_.send(FrameType::failed, frame.id, routed ? "no such route" : routed.error());
      }
      Response response = routes_[routed->route].handler(routed->request);
      writer_.send(FrameType::response, frame.id, encode_response(response));
    });
  }

  void configure(const Frame& frame) {
    auto next = parse_body(frame.body);
    if (!next) return writer_.send(FrameType::configured, frame.id, next.error());
    if (!instance_ || !registered_)
      return writer_.send(FrameType::configured, frame.id, "the plugin is not registered");
    auto applied = instance_->context()->apply_config(*next);
    writer_.send(FrameType::configured, frame.id, applied ? "" : applied.error());
  }

  [[noreturn]] void stop(const Frame& frame) {
    // The host sends stop once its requests are over; handlers still running finish first.
    pool_.reset();
    if (instance_) {
      if (active_) {
        instance_->deactivate();
        instance_->stop();
      } else if (registered_) {
        if (auto undone = instance_->abandon(); !undone)
          log::error("could not undo the registration", {{"error", undone.error()}});
      }
    }
    writer_.send(FrameType::stopped, frame.id, "");
    log::shutdown();
    // Not unloading the library or running static destructors: a process ending needs neither.
    ::_exit(0);
  }

  FrameWriter writer_;
  const StorageServices& storage_;
  ChildStart start_;
  config::PluginEntry entry_;
  std::unique_ptr<ChildServices> services_;
  std::unique_ptr<plugins::PluginInstance> instance_;
  std::shared_ptr<plugins::DatabaseSlot> database_;
  std::vector<routing::Route> routes_;
  std::unique_ptr<HandlerPool> pool_;
  bool registered_ = false, active_ = false;
};

}  // namespace

int serve_plugin_child(int fd, const StorageServices& storage) {
  ChildServer server(fd, storage);
  FrameDecoder decoder;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the host is gone
    decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    for (;;) {
      auto frame = decoder.next();
      if (!frame) {
        log::error("plugin child: the host broke the protocol", {{"error", frame.error()}});
        log::shutdown();
        ::_exit(3);
      }
      if (!*frame) break;
      server.handle(std::move(**frame));
    }
  }
  log::shutdown();
  ::_exit(0);
}

}  // namespace berth::isolation
