#include "plugins/dependency_order.h"

#include <algorithm>

namespace berth::plugins {

std::vector<std::string> split_depends(const char* text) {
  std::vector<std::string> names;
  std::string current;
  auto flush = [&] {
    auto b = current.find_first_not_of(" \t");
    auto e = current.find_last_not_of(" \t");
    if (b != std::string::npos) names.push_back(current.substr(b, e - b + 1));
    current.clear();
  };
  for (const char* p = text ? text : ""; *p; ++p) {
    if (*p == ',')
      flush();
    else
      current += *p;
  }
  flush();
  return names;
}

std::string DependencyOrder::cycle_error() const {
  std::string names;
  for (const auto& name : cyclic_names) names += (names.empty() ? "" : ", ") + name;
  return "dependency cycle among plugins: " + names;
}

// Kahn's algorithm, taking the first ready node in config order each round: n is a few dozen.
DependencyOrder dependency_order(const std::vector<DependencyNode>& nodes) {
  std::vector<std::size_t> pending(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) pending[i] = i;
  auto is_pending = [&](const std::string& name) {
    return std::any_of(pending.begin(), pending.end(),
                       [&](std::size_t j) { return nodes[j].name == name; });
  };
  DependencyOrder result;
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](std::size_t i) {
      return std::none_of(nodes[i].depends.begin(), nodes[i].depends.end(), is_pending);
    });
    if (ready == pending.end()) break;
    result.order.push_back(*ready);
    pending.erase(ready);
  }
  result.cyclic = pending;
  for (std::size_t i : pending) result.cyclic_names.push_back(nodes[i].name);
  return result;
}

}  // namespace berth::plugins
