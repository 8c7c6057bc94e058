#include "http/connection_registry.h"

namespace berth::http {

void ConnectionRegistry::add(std::shared_ptr<ClientConnection> connection) {
  const ClientConnection* key = connection.get();
  std::lock_guard lock(mu_);
  items_.emplace(key, std::move(connection));
}

void ConnectionRegistry::remove(const ClientConnection* connection) {
  std::shared_ptr<ClientConnection> last;  // released outside the lock
  std::lock_guard lock(mu_);
  auto it = items_.find(connection);
  if (it == items_.end()) return;
  last = std::move(it->second);
  items_.erase(it);
}

std::vector<std::shared_ptr<ClientConnection>> ConnectionRegistry::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<ClientConnection>> out;
  out.reserve(items_.size());
  for (const auto& [key, c] : items_) out.push_back(c);
  return out;
}

void ConnectionRegistry::clear() {
  std::unordered_map<const ClientConnection*, std::shared_ptr<ClientConnection>> gone;
  std::lock_guard lock(mu_);
  gone.swap(items_);
}

}  // namespace berth::http
