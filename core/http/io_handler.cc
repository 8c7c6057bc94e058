#include "http/io_handler.h"

#include "http/client_connection.h"
#include "http/server_context.h"

#include <mutex>

namespace berth::http {
namespace {

constexpr const char* kConnectionKey = "berth.connection";

// What the accept thread leaves on the peer for onConnection() to take. The peer keeps only this
// emptied envelope: were it to hold the connection itself, the last reference could be dropped
// whenever Pistache happens to destroy its Peer, inside libpistache, instead of at a point of
// ours. (Under TSan that release is invisible, being in uninstrumented code, and the final free
// through a late responder's weak_ptr was reported as racing with ~ClientConnection.)
// The accept thread may still drop the peer's last reference, destroying the envelope after the
// I/O thread emptied it; the order is real (the peer's reference count), but counted inside
// libpistache where TSan cannot see it: the mutex makes it visible.
class Handoff {
 public:
  explicit Handoff(std::shared_ptr<ClientConnection> connection)
      : connection_(std::move(connection)) {}
  ~Handoff() {
    std::lock_guard lock(mutex_);
    connection_.reset();
  }
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

  std::shared_ptr<ClientConnection> take() {
    std::lock_guard lock(mutex_);
    return std::move(connection_);
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<ClientConnection> connection_;
};

}  // namespace

void IoHandler::attach(Pistache::Tcp::Peer& peer, std::shared_ptr<ClientConnection> connection) {
  peer.putData(kConnectionKey, std::make_shared<Handoff>(std::move(connection)));
}

void IoHandler::onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  auto handoff = std::static_pointer_cast<Handoff>(peer->tryGetData(kConnectionKey));
  if (!handoff) return;
  if (auto connection = handoff->take()) connections_[peer->fd()] = std::move(connection);
}

bool IoHandler::read(int fd, bool hung_up, bool& release) {
  auto it = connections_.find(fd);
  if (it == connections_.end()) return false;
  try {
    release = it->second->on_readable(hung_up);
  } catch (...) {
    // Out of memory on one connection: drop it rather than let the exception end the I/O thread.
    it->second->shutdown_socket();
    release = true;
  }
  return true;
}

// The transport reads only connections that are over (see PacedTransport): what it reads is the
// rest of a client that is being closed.
void IoHandler::onInput(const char*, size_t, const std::shared_ptr<Pistache::Tcp::Peer>&) {}

void IoHandler::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  auto it = connections_.find(peer->fd());
  if (it == connections_.end()) return;
  std::shared_ptr<ClientConnection> connection = std::move(it->second);
  connections_.erase(it);
  connection->on_disconnected();
  ctx_->connections.remove(connection.get());
}

}  // namespace berth::http
