#pragma once
// The order plugins start in, the one used by a host's start and by a live reload: each after the
// plugins it depends on, otherwise in config order. Plugins that depend on each other in a cycle
// (or on one in a cycle) cannot be ordered: every one of them fails, at start and at reload alike.
#include <string>
#include <vector>

namespace berth::plugins {

struct DependencyNode {
  std::string name;
  std::vector<std::string> depends;  // names; those not among the nodes are not waited for
};

struct DependencyOrder {
  std::vector<std::size_t> order;   // indexes into the nodes, in start order
  std::vector<std::size_t> cyclic;  // indexes of the nodes that cannot start, in config order
  std::vector<std::string> cyclic_names;
  std::string cycle_error() const;  // "dependency cycle among plugins: a, b"
};

DependencyOrder dependency_order(const std::vector<DependencyNode>& nodes);

// "a, b" -> {"a", "b"}: a descriptor's `depends`.
std::vector<std::string> split_depends(const char* text);

}  // namespace berth::plugins
