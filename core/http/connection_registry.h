#pragma once
// Every open connection, for the timeout sweeper and for shutdown. Touched once per connection
// open and close, never per request.
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace berth::http {

class ClientConnection;

class ConnectionRegistry {
 public:
  void add(std::shared_ptr<ClientConnection> connection);
  void remove(const ClientConnection* connection);
  std::vector<std::shared_ptr<ClientConnection>> snapshot() const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::unordered_map<const ClientConnection*, std::shared_ptr<ClientConnection>> items_;
};

}  // namespace berth::http
