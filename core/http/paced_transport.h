#pragma once
// Pistache's transport, except that each connection reads its own socket. Pistache reads every
// byte a peer sends and drops the peer at its EOF; a connection that reads for itself can stop
// while its client is not taking the responses (the client's socket buffer then pushes back) and
// can still answer a client that half-closed after sending its request. The transport reads (and
// so drops the peer) only once the connection says it is over. Writes stay Pistache's.
#include <pistache/reactor.h>
#include <pistache/transport.h>

#include <memory>

namespace berth::http {

class IoHandler;

class PacedTransport final : public Pistache::Tcp::Transport {
 public:
  explicit PacedTransport(const std::shared_ptr<IoHandler>& handler);

  void onReady(const Pistache::Aio::FdSet& fds) override;
  std::shared_ptr<Pistache::Aio::Handler> clone() const override;

 private:
  void forward(const Pistache::Aio::FdSet::Entry& entry, bool readable);

  std::shared_ptr<IoHandler> handler_;
};

}  // namespace berth::http
