// The one dependency sorter that start and reload share.
#include "plugins/dependency_order.h"

#include <doctest/doctest.h>

using namespace berth::plugins;

namespace {
std::vector<std::string> names(const std::vector<DependencyNode>& nodes,
                               const std::vector<std::size_t>& indexes) {
  std::vector<std::string> out;
  for (auto i : indexes) out.push_back(nodes[i].name);
  return out;
}
}  // namespace

TEST_CASE("each after what it depends on, otherwise in config order") {
  std::vector<DependencyNode> nodes = {
      {"web", {"db", "cache"}}, {"db", {}}, {"cache", {"db"}}, {"other", {}}};
  auto order = dependency_order(nodes);
  CHECK(names(nodes, order.order) == std::vector<std::string>{"db", "cache", "web", "other"});
  CHECK(order.cyclic.empty());
}

TEST_CASE("dependencies outside the set are not waited for") {
  std::vector<DependencyNode> nodes = {{"a", {"running-elsewhere"}}, {"b", {}}};
  CHECK(names(nodes, dependency_order(nodes).order) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("a cycle, a self-dependency and what waits on them cannot start") {
  std::vector<DependencyNode> nodes = {
      {"a", {"b"}}, {"b", {"a"}}, {"self", {"self"}}, {"after", {"a"}}, {"free", {}}};
  auto order = dependency_order(nodes);
  CHECK(names(nodes, order.order) == std::vector<std::string>{"free"});
  CHECK(order.cyclic_names == std::vector<std::string>{"a", "b", "self", "after"});
  CHECK(order.cycle_error() == "dependency cycle among plugins: a, b, self, after");
}

TEST_CASE("depends lists are split on commas and trimmed") {
  CHECK(split_depends(" a, b ,c,, ") == std::vector<std::string>{"a", "b", "c"});
  CHECK(split_depends(nullptr).empty());
}
