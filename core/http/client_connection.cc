#include "http/client_connection.h"

#include "http/response_writer.h"
#include "http/server_context.h"

#include <pistache/async.h>
#include <pistache/stream.h>
#include <pistache/transport.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace berth::http {

// Writes queued on the transport while the connection was locked. Their completion handlers are
// attached after unlocking: a promise the transport already resolved runs its handler inside
// then(), and a transport thread resolving one holds the promise's lock while it takes ours.
class ClientConnection::Outbox {
 public:
  void add(Pistache::Async::Promise<ssize_t> promise, std::size_t size, bool is_response) {
    writes_.push_back({std::move(promise), size, is_response});
  }

  void watch(ClientConnection& connection) {
    if (writes_.empty()) return;
    auto self = connection.shared_from_this();
    for (auto& [promise, size, is_response] : writes_) {
      const std::size_t n = size;
      const bool r = is_response;
      promise.then([self, n, r](ssize_t) { self->on_written(n, r); },
                   [self, n, r](std::exception_ptr) { self->on_written(n, r); });
    }
  }

 private:
  struct Write {
    Pistache::Async::Promise<ssize_t> promise;
    std::size_t size;
    bool is_response;
  };
  std::vector<Write> writes_;
};

ClientConnection::ClientConnection(ServerContext& ctx, int fd, Peer peer,
                                   Pistache::Tcp::Transport* transport)
    : ctx_(ctx),
      fd_(fd),
      peer_(std::move(peer)),
      transport_(transport),
      since_(Clock::now()),
      parser_(ctx.limits),
      dispatch_(ctx.app.new_dispatch()) {}

bool ClientConnection::on_readable(bool hung_up) {
  Outbox out;
  bool release = false;
  {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    // Gone without reading what it asked for: the requests held back would be answered to no one.
    if (hung_up && !wants_input() && !shut_down_) shut_down();
    if (!shut_down_ && !lingering_) read_input(out);
    release = shut_down_ || lingering_;
  }
  out.watch(*this);
  return release;
}

// Input is read while it can be acted on soon: not behind kMaxPipelinedInput bytes of pipelined
// requests, nor while the client leaves more than kMaxUnsentOutput bytes of responses unread. A
// closing connection reads on, to discard what the client still sends and to see its EOF.
bool ClientConnection::wants_input() const noexcept {
  if (phase_ == Phase::closing) return true;
  return pending_.size() < kMaxPipelinedInput && !backlogged();
}

// Until EAGAIN, as the transport's edge-triggered polling requires, or until the connection
// stops taking input: then unread_ says to read on once it takes input again.
void ClientConnection::read_input(Outbox& out) {
  char buffer[16 * 1024];
  while (!read_closed_ && !shut_down_ && wants_input()) {
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      take_input({buffer, static_cast<std::size_t>(n)}, out);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    unread_ = false;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // EOF (or a reset): the client sends no more but may still read what it asked for.
    read_closed_ = true;
    return finish_if_answered();
  }
  unread_ = !read_closed_ && !shut_down_;
}

void ClientConnection::take_input(std::string_view data, Outbox& out) {
  if (phase_ == Phase::closing) return;  // the last response is out: ignore the rest
  if (phase_ == Phase::handling || backlogged())
    pending_.append(data);
  else
    process(data, out);
}

// Runs the pipelined requests held back, then reads on if the socket may hold more.
void ClientConnection::resume(Outbox& out) {
  if (phase_ == Phase::idle && !backlogged() && !pending_.empty()) {
    std::string next = std::move(pending_);
    pending_.clear();
    process(next, out);
  }
  if (unread_) read_input(out);
  if (read_closed_) finish_if_answered();
}

// After the client's EOF: close once all it sent is answered and written. Its FIN is in, so
// there is no lingering for it.
void ClientConnection::finish_if_answered() noexcept {
  if (shut_down_ || closed_ || phase_ == Phase::handling || unfinished_ > 0 || !pending_.empty())
    return;
  shut_down();
}

void ClientConnection::process(std::string_view data, Outbox& out) {
  while (!data.empty() && phase_ != Phase::handling && phase_ != Phase::closing && !backlogged()) {
    ParseEvent event;
    std::size_t n = parser_.execute(data, event);
    data.remove_prefix(n);
    if (phase_ == Phase::idle && parser_.in_message()) enter(Phase::head);
    switch (event) {
      case ParseEvent::need_more:
        if (n == 0) return reject(400, "malformed HTTP request: unparseable input", out);
        break;
      case ParseEvent::headers_complete:
        enter(Phase::body);
        // A client that already sent body bytes is not waiting for the go-ahead. (What is left
        // at this point is at least the header section's final LF.)
        if (parser_.expects_continue() && data.size() <= 1) send_continue(out);
        break;
      case ParseEvent::message_complete: dispatch(out); break;
      case ParseEvent::error: return reject(parser_.error().status, parser_.error().message, out);
    }
  }
  if (!data.empty() && phase_ != Phase::closing) pending_.append(data);
}

void ClientConnection::dispatch(Outbox& out) {
  keep_alive_ = parser_.keep_alive() && !parser_.upgrade();
  http10_ = parser_.http10();
  current_ = parser_.take();
  head_ = current_.method == Method::head;
  current_.request_id = ctx_.ids.next();
  current_.peer = peer_;
  count_request();
  begin_unfinished();
  enter(Phase::handling);
  if (dispatch_->prepare(current_)) {
    Deferral later(deferral_factory());
    Response response = dispatch_->run(current_, later);
    if (later.taken()) return;
    return respond(response, out);
  }
  if (ctx_.workers.submit(shared_from_this())) return;
  Response busy = Response::error_json(503, "server busy: too many requests waiting for a worker");
  rejected(current_, busy);
  respond(busy, out);
}

void ClientConnection::run() noexcept {
  try {
    Deferral later(deferral_factory());
    Response response = dispatch_->run(current_, later);
    if (!later.taken()) complete(std::move(response));
  } catch (...) {
    // Out of memory while answering: give up on this connection, not on the process.
    shutdown_socket();
  }
}

void ClientConnection::complete(Response response) noexcept {
  Outbox out;
  try {
    std::lock_guard lock(mu_);
    respond(response, out);
    resume(out);
  } catch (...) {
    shutdown_socket();
  }
  out.watch(*this);
}

// A deferred answer may come after the server stopped: it holds the connection weakly, and the
// server drops every connection when it stops.
std::function<Responder()> ClientConnection::deferral_factory() {
  return [weak = weak_from_this()]() -> Responder {
    return [weak](Response response) {
      if (auto self = weak.lock()) self->complete(std::move(response));
    };
  };
}

void ClientConnection::respond(Response& response, Outbox& out) {
  if (response.status < 200 || response.status > 599) {
    response = Response::error_json(
        500, "handler returned invalid HTTP status " + std::to_string(response.status));
  }
  const bool close = !keep_alive_ || (read_closed_ && pending_.empty()) ||
                     ctx_.draining.load(std::memory_order_relaxed);
  WireOptions wire{current_.request_id, head_, close, http10_ && !close};
  std::string bytes = serialize_response(response, wire);
  current_ = Request();
  dispatch_->clear();
  enter(close ? Phase::closing : Phase::idle);
  send_response(std::move(bytes), out);
}

void ClientConnection::count_request() noexcept {
  ctx_.counters.requests.fetch_add(1, std::memory_order_relaxed);
  if (carried_request_) ctx_.counters.reused.fetch_add(1, std::memory_order_relaxed);
  carried_request_ = true;
}

void ClientConnection::rejected(const Request& request, const Response& response) noexcept {
  if (response.status >= 400 && response.status < 600)
    ctx_.counters.rejected[static_cast<std::size_t>(response.status - 400)].fetch_add(
        1, std::memory_order_relaxed);
  ctx_.app.rejected(request, response);
}

void ClientConnection::reject(int status, std::string message, Outbox& out) {
  Request& partial = parser_.request();
  partial.request_id = ctx_.ids.next();
  partial.peer = peer_;
  Response response = Response::error_json(status, message);
  rejected(partial, response);
  count_request();
  begin_unfinished();
  WireOptions wire{partial.request_id, partial.method == Method::head, true, false};
  std::string bytes = serialize_response(response, wire);
  pending_.clear();
  enter(Phase::closing);
  send_response(std::move(bytes), out);
}

// Nothing else is queued for this fd (the usual case): write straight away, from whichever thread
// holds the lock, and skip the transport's queue, its wake-up and its promise. Only what the
// socket does not take now goes through the transport.
void ClientConnection::send_response(std::string wire, Outbox& out) {
  if (closed_) return;  // the client left while its request was handled
  std::size_t sent = queued_writes_ == 0 ? send_now(wire) : 0;
  if (sent == wire.size()) return response_written();
  if (sent == std::string::npos) {
    response_written();
    return shut_down();  // the transport learns of the dead peer from the EOF
  }
  wire.erase(0, sent);
  queue_write(std::move(wire), true, out);
}

void ClientConnection::send_continue(Outbox& out) {
  std::string_view wire = kContinueResponse;
  std::size_t sent = queued_writes_ == 0 ? send_now(wire) : 0;
  if (sent == std::string::npos) return shut_down();
  if (sent < wire.size()) queue_write(std::string(wire.substr(sent)), false, out);
}

// Bytes written, or npos when the connection is broken.
std::size_t ClientConnection::send_now(std::string_view wire) noexcept {
  for (;;) {
    ssize_t n = ::send(fd_, wire.data(), wire.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    return std::string::npos;
  }
}

void ClientConnection::queue_write(std::string wire, bool is_response, Outbox& out) {
  ++queued_writes_;
  const std::size_t size = wire.size();
  unsent_ += size;
  out.add(transport_->asyncWrite(fd_, Pistache::RawBuffer(std::move(wire), size)), size,
          is_response);
}

void ClientConnection::on_written(std::size_t size, bool is_response) noexcept {
  Outbox out;
  try {
    std::lock_guard lock(mu_);
    if (closed_) return;
    --queued_writes_;
    unsent_ -= size;
    if (size >= kMaxUnsentOutput) ctx_.release_memory.store(true, std::memory_order_relaxed);
    if (is_response) response_written();
    resume(out);
  } catch (...) {
    shutdown_socket();
  }
  out.watch(*this);
}

void ClientConnection::response_written() noexcept {
  if (unfinished_ == 0) return;
  --unfinished_;
  ctx_.counters.in_flight.fetch_sub(1, std::memory_order_relaxed);
  if (phase_ == Phase::closing && unfinished_ == 0 && !lingering_ && !shut_down_) {
    if (read_closed_) return shut_down();
    // FIN now, full close when the client answers with its own (or the linger time passes).
    ::shutdown(fd_, SHUT_WR);
    lingering_ = true;
    since_ = Clock::now();
  }
}

void ClientConnection::on_disconnected() {
  std::lock_guard lock(mu_);
  closed_ = true;
  // Writes still queued for this fd must go (or fail) now: once the transport closes the fd, a
  // new connection may get the same number and would receive them.
  transport_->flush();
  forget_unfinished();
  if (unsent_ >= kMaxUnsentOutput) ctx_.release_memory.store(true, std::memory_order_relaxed);
  queued_writes_ = 0;
  unsent_ = 0;
  pending_.clear();
  ctx_.counters.open.fetch_sub(1, std::memory_order_relaxed);
}

void ClientConnection::check_timeouts(Clock::time_point now) {
  Outbox out;
  {
    std::lock_guard lock(mu_);
    if (closed_ || shut_down_) return;
    const auto age = now - since_;
    const auto& o = ctx_.options;
    switch (phase_) {
      case Phase::idle:
        if (age >= o.idle_timeout) shut_down();
        break;
      case Phase::head:
        if (age >= o.header_timeout) reject(408, "timed out waiting for the request headers", out);
        break;
      case Phase::body:
        if (age >= o.body_timeout) reject(408, "timed out waiting for the request body", out);
        break;
      case Phase::handling: break;  // handlers own their time
      case Phase::closing:
        // Lingering: the client did not close after our FIN. Otherwise it is not reading the
        // last response: a stalled client is treated like an idle one.
        if (age >= (lingering_ ? ctx_.linger : o.idle_timeout)) shut_down();
        break;
    }
  }
  out.watch(*this);
}

void ClientConnection::drain() {
  std::lock_guard lock(mu_);
  if (closed_ || shut_down_ || phase_ != Phase::idle) return;
  if (unfinished_ == 0)
    shut_down();
  else
    enter(Phase::closing);  // on_written closes once the last response is out
}

void ClientConnection::shutdown_socket() noexcept {
  std::lock_guard lock(mu_);
  if (!closed_ && !shut_down_) shut_down();
}

void ClientConnection::close_socket() noexcept {
  std::lock_guard lock(mu_);
  if (closed_) return;
  closed_ = true;
  ::close(fd_);
  forget_unfinished();
  ctx_.counters.open.fetch_sub(1, std::memory_order_relaxed);
}

// The transport sees EOF on its next read, removes the peer and closes the fd itself.
void ClientConnection::shut_down() noexcept {
  ::shutdown(fd_, SHUT_RDWR);
  shut_down_ = true;
  phase_ = Phase::closing;
}

void ClientConnection::enter(Phase phase) noexcept {
  phase_ = phase;
  since_ = Clock::now();
}

void ClientConnection::begin_unfinished() noexcept {
  ++unfinished_;
  ctx_.counters.in_flight.fetch_add(1, std::memory_order_relaxed);
}

void ClientConnection::forget_unfinished() noexcept {
  ctx_.counters.in_flight.fetch_sub(static_cast<std::uint64_t>(unfinished_),
                                    std::memory_order_relaxed);
  unfinished_ = 0;
}

}  // namespace berth::http
