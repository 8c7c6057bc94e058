#pragma once
// The Pistache Tcp::Handler behind every transport: routes a peer's events to its ClientConnection.
// Pistache clones it once per I/O thread, so each clone's map is touched by one thread only.
#include <pistache/peer.h>
#include <pistache/prototype.h>
#include <pistache/tcp.h>

#include <memory>
#include <unordered_map>

namespace berth::http {

class ClientConnection;
struct ServerContext;

class IoHandler final : public Pistache::Tcp::Handler {
 public:
  PROTOTYPE_OF(Pistache::Tcp::Handler, IoHandler)

  explicit IoHandler(ServerContext& ctx) : ctx_(&ctx) {}
  IoHandler(const IoHandler& other) : Pistache::Tcp::Handler(), ctx_(other.ctx_) {}

  // Called by the accept thread before handing the peer to a transport.
  static void attach(Pistache::Tcp::Peer& peer, std::shared_ptr<ClientConnection> connection);

  // The transport's readable event for `fd` (`hung_up`: the client closed both ways): false if
  // no connection of ours has it. `release`: the connection is over, and the transport should
  // read it to its EOF and drop the peer.
  bool read(int fd, bool hung_up, bool& release);

  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* buffer, size_t len,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

 private:
  ServerContext* ctx_;
  std::unordered_map<int, std::shared_ptr<ClientConnection>> connections_;  // by fd
};

}  // namespace berth::http
