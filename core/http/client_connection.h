#pragma once
// One client connection: reads and parses its requests, hands them to the application one at a
// time (so pipelined requests are answered in order), writes the responses and enforces its
// timeouts.
//
// Memory is bounded per connection: it stops reading its socket while kMaxPipelinedInput bytes
// of input wait behind the request in progress, and stops running requests (and reading) while
// more than kMaxUnsentOutput bytes of responses wait for the client to read them. So a client
// that pipelines and never reads holds at most those plus one request and one response.
//
// Threads: input arrives on the transport's I/O thread, handlers may run on a worker, timeouts
// fire on the sweeper. Everything below is guarded by one per-connection mutex. It is recursive
// because the transport resolves write promises (which lock it) from inside on_disconnected.
#include "http/application.h"
#include "http/request_parser.h"
#include "http/request_workers.h"

#include <berth/request.h>
#include <berth/response.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace Pistache::Tcp {
class Transport;
}

namespace berth::http {

struct ServerContext;

class ClientConnection final : public Runnable,
                               public std::enable_shared_from_this<ClientConnection> {
 public:
  using Clock = std::chrono::steady_clock;

  static constexpr std::size_t kMaxPipelinedInput = 64 * 1024;
  static constexpr std::size_t kMaxUnsentOutput = 1024 * 1024;

  ClientConnection(ServerContext& ctx, int fd, Peer peer, Pistache::Tcp::Transport* transport);

  int fd() const noexcept { return fd_; }

  // On the transport's I/O thread. on_readable reads what the connection can take; true when the
  // connection is over and the transport should read the socket to its EOF and drop the peer.
  bool on_readable(bool hung_up);
  void on_disconnected();
  // On a worker: handles the request the I/O thread queued.
  void run() noexcept override;
  // On the sweeper: header, body, idle and linger timeouts.
  void check_timeouts(Clock::time_point now);
  // stop_accepting(): close now if idle, else after the response in progress.
  void drain();
  // stop(): shut the socket while the reactor still runs, then close what the transport did not.
  void shutdown_socket() noexcept;
  void close_socket() noexcept;

 private:
  enum class Phase { idle, head, body, handling, closing };
  class Outbox;

  bool wants_input() const noexcept;
  bool backlogged() const noexcept { return unsent_ > kMaxUnsentOutput; }
  void read_input(Outbox& out);
  void take_input(std::string_view data, Outbox& out);
  void resume(Outbox& out);
  void finish_if_answered() noexcept;
  void process(std::string_view data, Outbox& out);
  void dispatch(Outbox& out);
  void respond(Response& response, Outbox& out);
  void complete(Response response) noexcept;
  std::function<Responder()> deferral_factory();
  void reject(int status, std::string message, Outbox& out);
  void send_response(std::string wire, Outbox& out);
  void send_continue(Outbox& out);
  std::size_t send_now(std::string_view wire) noexcept;
  void queue_write(std::string wire, bool is_response, Outbox& out);
  void on_written(std::size_t size, bool is_response) noexcept;
  void response_written() noexcept;
  void shut_down() noexcept;
  void enter(Phase phase) noexcept;
  void begin_unfinished() noexcept;
  // Every request, dispatched or rejected: the server's request and keep-alive counts.
  void count_request() noexcept;
  // A request the server answers itself: counted by status, and told to the application.
  void rejected(const Request& request, const Response& response) noexcept;
  void forget_unfinished() noexcept;

  ServerContext& ctx_;
  const int fd_;
  const Peer peer_;
  Pistache::Tcp::Transport* const transport_;

  std::recursive_mutex mu_;
  // The transport dropped the peer and closes the fd, which may then be reused: never touch it.
  bool closed_ = false;
  bool shut_down_ = false;    // we shut the socket both ways; the transport will see EOF
  bool lingering_ = false;    // last response written and FIN sent; waiting for the client's
  bool read_closed_ = false;  // the client sent its EOF (a half-close): answer, then close
  bool unread_ = false;       // input may wait in the socket: we stopped reading before EAGAIN
  bool keep_alive_ = true;    // of the request being handled
  bool http10_ = false;
  bool head_ = false;
  bool carried_request_ = false;  // a request came before the current one (keep-alive reuse)
  Phase phase_ = Phase::idle;
  Clock::time_point since_;
  int unfinished_ = 0;      // requests answered or being answered, response not yet written
  int queued_writes_ = 0;   // writes handed to the transport, not yet done
  std::size_t unsent_ = 0;  // their bytes
  std::string pending_;     // pipelined input that arrived while a request was being handled
  RequestParser parser_;
  // While handling; a worker reads them unlocked (the I/O side leaves them alone).
  Request current_;
  const std::unique_ptr<Dispatch> dispatch_;  // the application's, for current_
};

}  // namespace berth::http
