#pragma once
// Every open connection, for the timeout sweeper and for shutdown. Touched once per connection
// open and close, never per request.
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace berth::http {

class Connection;

class ConnectionRegistry {
 public:
  void add(std::shared_ptr<Connection> connection);
  void remove(const Connection* connection);
  std::vector<std::shared_ptr<Connection>> snapshot() const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> items_;
};

}  // namespace berth::http
