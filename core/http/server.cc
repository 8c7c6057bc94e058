#include "http/server.h"

#include "http/acceptor.h"
#include "http/client_connection.h"
#include "http/io_handler.h"
#include "http/listeners.h"
#include "http/paced_transport.h"
#include "http/server_context.h"
#include "http/sweeper.h"
#include "log/logger.h"

#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pistache/async.h>
#include <pistache/net.h>
#include <pistache/peer.h>
#include <pistache/reactor.h>
#include <pistache/transport.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace berth::http {
namespace {

using Pistache::Tcp::Transport;

Peer peer_of(int fd, bool is_unix) {
  Peer peer;
  peer.transport = is_unix ? "unix" : "tcp";
  if (is_unix) {
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
      peer.pid = cred.pid;
      peer.uid = cred.uid;
      peer.gid = cred.gid;
    }
  } else {
    int one = 1;  // responses go out in one write; do not let Nagle hold back the next one
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  return peer;
}

// A transport learns its thread id when its reactor thread starts; handleNewPeer() reads it from
// the accept thread. Waiting for one round trip through each transport orders the two.
void wait_until_running(const std::vector<std::shared_ptr<Transport>>& transports) {
  for (const auto& t : transports) {
    auto ready = std::make_shared<std::promise<void>>();
    auto done = ready->get_future();
    t->load().then([ready](rusage) { ready->set_value(); },
                   [ready](std::exception_ptr) { ready->set_value(); });
    if (done.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
      throw StartError("HTTP I/O threads did not start");
  }
}

// More I/O threads than CPUs this process may run on only adds context switches: each epoll
// wake-up then costs a switch, and events that one thread would take in a batch are split.
int usable_cpus() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 64;
  return std::max(1, CPU_COUNT(&set));
}

std::chrono::milliseconds sweep_interval(const ServerOptions& o) {
  auto shortest = std::min({o.header_timeout, o.body_timeout, o.idle_timeout});
  return std::clamp(shortest / 4, std::chrono::milliseconds(5), std::chrono::milliseconds(100));
}

// glibc keeps the heap that large responses grew (its mmap threshold rises with the sizes it
// sees): without a trim, a burst of them leaves the process that much larger for good.
void release_freed_memory(ServerContext& ctx, ClientConnection::Clock::time_point now,
                          ClientConnection::Clock::time_point& last) {
  if (now - last < std::chrono::seconds(1)) return;
  if (!ctx.release_memory.exchange(false, std::memory_order_relaxed)) return;
  ::malloc_trim(0);
  last = now;
}

}  // namespace

struct Server::Impl {
  enum class State { created, running, draining, stopped };

  Impl(ServerOptions o, Application& a) : options(std::move(o)), app(a) {}

  void start();
  void open_listeners();
  void start_reactor();
  void on_accept(int fd, bool is_unix) noexcept;
  void stop_accepting_locked();
  void stop_locked();
  void close_listeners() noexcept;

  ServerOptions options;
  Application& app;
  std::mutex lifecycle_mu;
  State state = State::created;
  std::unique_ptr<ServerContext> ctx;
  std::optional<UnixListener> unix_listener;
  std::optional<TcpListener> tcp_listener;
  int tcp_port = 0;
  std::unique_ptr<Pistache::Aio::Reactor> reactor;
  std::vector<std::shared_ptr<Transport>> transports;
  std::size_t next_transport = 0;  // accept thread only
  Acceptor acceptor;
  Sweeper sweeper;
};

void Server::Impl::start() {
  options.io_threads = std::clamp(options.io_threads, 1, std::min(64, usable_cpus()));
  options.worker_threads = std::max(options.worker_threads, 1);
  if (options.socket_path.empty() && !options.tcp_host)
    throw StartError("no listener configured: set a socket path or a TCP address");
  open_listeners();
  try {
    ctx = std::make_unique<ServerContext>(options, app);
    start_reactor();
    const auto workers = static_cast<std::size_t>(options.worker_threads);
    ctx->workers.start(options.worker_threads, std::max<std::size_t>(1024, workers * 64));
    sweeper.start(sweep_interval(options),
                  [this, last_release = ClientConnection::Clock::now()]() mutable {
                    auto now = ClientConnection::Clock::now();
                    for (const auto& c : ctx->connections.snapshot()) c->check_timeouts(now);
                    release_freed_memory(*ctx, now, last_release);
                  });
    std::vector<ListenSocket> sockets;
    if (unix_listener) sockets.push_back({unix_listener->fd, true});
    if (tcp_listener) sockets.push_back({tcp_listener->fd, false});
    acceptor.start(std::move(sockets), [this](int fd, bool is_unix) { on_accept(fd, is_unix); });
  } catch (...) {
    state = State::running;
    stop_locked();
    throw;
  }
  state = State::running;
  nlohmann::json fields = {{"io_threads", options.io_threads},
                           {"worker_threads", options.worker_threads}};
  if (unix_listener) fields["socket"] = unix_listener->path;
  if (tcp_listener) fields["tcp"] = tcp_listener->address;
  log::debug("http: listening", fields);
}

void Server::Impl::open_listeners() {
  if (!options.socket_path.empty())
    unix_listener = open_unix_listener(options.socket_path, options.socket_mode, options.backlog);
  if (options.tcp_host) {
    try {
      tcp_listener = open_tcp_listener(*options.tcp_host, options.tcp_port, options.backlog);
      tcp_port = tcp_listener->port;
    } catch (...) {
      close_listeners();
      throw;
    }
  }
}

void Server::Impl::start_reactor() {
  reactor = std::make_unique<Pistache::Aio::Reactor>();
  reactor->init(
      Pistache::Aio::AsyncContext(static_cast<std::size_t>(options.io_threads), "berth-io"));
  auto prototype = std::make_shared<PacedTransport>(std::make_shared<IoHandler>(*ctx));
  auto key = reactor->addHandler(prototype);
  for (const auto& h : reactor->handlers(key))
    transports.push_back(std::static_pointer_cast<Transport>(h));
  reactor->run();
  wait_until_running(transports);
}

void Server::Impl::on_accept(int fd, bool is_unix) noexcept {
  try {
    auto& transport = transports[next_transport++ % transports.size()];
    auto connection =
        std::make_shared<ClientConnection>(*ctx, fd, peer_of(fd, is_unix), transport.get());
    auto peer = Pistache::Tcp::Peer::Create(fd, Pistache::Address());
    IoHandler::attach(*peer, connection);
    ctx->connections.add(connection);
    ctx->counters.accepted.fetch_add(1, std::memory_order_relaxed);
    ctx->counters.open.fetch_add(1, std::memory_order_relaxed);
    transport->handleNewPeer(peer);
  } catch (const std::exception& e) {
    log::error("http: cannot take a new connection", {{"error", e.what()}});
    ::close(fd);
  }
}

void Server::Impl::close_listeners() noexcept {
  if (unix_listener) close_unix_listener(*unix_listener);
  if (tcp_listener) close_tcp_listener(*tcp_listener);
}

void Server::Impl::stop_accepting_locked() {
  if (state != State::running) return;
  acceptor.stop();
  close_listeners();
  ctx->draining.store(true);
  for (const auto& c : ctx->connections.snapshot()) c->drain();
  state = State::draining;
}

// Order matters: workers write through the transports, so they stop before the reactor; the
// reactor's threads read and close fds, so ours are closed only once it is gone.
void Server::Impl::stop_locked() {
  if (state == State::stopped) return;
  if (state == State::created) {
    state = State::stopped;
    return;
  }
  if (state == State::running) {
    acceptor.stop();
    close_listeners();
    if (ctx) ctx->draining.store(true);
  }
  sweeper.stop();
  if (ctx) {
    ctx->workers.stop();
    for (const auto& c : ctx->connections.snapshot()) c->shutdown_socket();
  }
  if (reactor) {
    reactor->shutdown();
    transports.clear();
    reactor.reset();  // joins the I/O threads; ~Peer leaves the fds open
  }
  if (ctx) {
    for (const auto& c : ctx->connections.snapshot()) c->close_socket();
    ctx->connections.clear();
  }
  state = State::stopped;
  if (ctx) {
    log::info("http: stopped", {{"connections", ctx->counters.accepted.load()},
                                {"requests", ctx->counters.requests.load()}});
  }
}

Server::Server(ServerOptions options, Application& app)
    : impl_(std::make_unique<Impl>(std::move(options), app)) {}

Server::~Server() {
  stop();
}

void Server::start() {
  std::lock_guard lock(impl_->lifecycle_mu);
  if (impl_->state != Impl::State::created) throw StartError("server already started");
  impl_->start();
}

void Server::stop_accepting() {
  std::lock_guard lock(impl_->lifecycle_mu);
  impl_->stop_accepting_locked();
}

bool Server::wait_idle(std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (!impl_->ctx || impl_->ctx->counters.in_flight.load() == 0) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void Server::stop() {
  std::lock_guard lock(impl_->lifecycle_mu);
  impl_->stop_locked();
}

int Server::tcp_port() const {
  return impl_->tcp_port;
}

ServerStats Server::stats() const {
  ServerStats s;
  if (!impl_->ctx) return s;
  const auto& c = impl_->ctx->counters;
  s.connections_accepted = c.accepted.load(std::memory_order_relaxed);
  s.connections_open = c.open.load(std::memory_order_relaxed);
  s.requests = c.requests.load(std::memory_order_relaxed);
  s.requests_in_flight = c.in_flight.load(std::memory_order_relaxed);
  s.keepalive_requests = c.reused.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < c.rejected.size(); ++i)
    if (auto n = c.rejected[i].load(std::memory_order_relaxed))
      s.rejected.emplace_back(static_cast<int>(400 + i), n);
  return s;
}

}  // namespace berth::http
