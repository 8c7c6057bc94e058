#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth {

// HTTP header fields in arrival order; names compare case-insensitively. A vector, not a map:
// requests carry few headers and a linear scan beats hashing them.
class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  static bool same_name(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return (x | 0x20) == (y | 0x20);
           });
  }

  std::optional<std::string_view> get(std::string_view name) const noexcept {
    for (const auto& [k, v] : fields_)
      if (same_name(k, name)) return std::string_view(v);
    return std::nullopt;
  }
  bool has(std::string_view name) const noexcept { return get(name).has_value(); }

  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every field of that name with one.
  void set(std::string_view name, std::string value) {
    erase(name);
    fields_.emplace_back(std::string(name), std::move(value));
  }
  void erase(std::string_view name) {
    std::erase_if(fields_, [&](const Field& f) { return same_name(f.first, name); });
  }

  const std::vector<Field>& fields() const noexcept { return fields_; }
  auto begin() const noexcept { return fields_.begin(); }
  auto end() const noexcept { return fields_.end(); }
  bool empty() const noexcept { return fields_.empty(); }
  std::size_t size() const noexcept { return fields_.size(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace berth
