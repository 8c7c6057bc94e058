#include "config/overlay.h"

#include "config/yaml_to_json.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::config {
namespace {

bool is_absent(const YAML::Node& node) {
  return !node.IsDefined() || node.IsNull();
}

// The plugin entry's name as written, when it has one to merge by.
std::optional<std::string> entry_name(const YAML::Node& entry) {
  if (!entry.IsMap()) return std::nullopt;
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == "name" && it->second.IsScalar())
      return it->second.Scalar();
  }
  return std::nullopt;
}

class Merger {
 public:
  explicit Merger(Reader& reader) : reader_(reader) {}

  YAML::Node merge(const YAML::Node& base, const YAML::Node& over, const std::string& path,
                   int depth) {
    if (is_absent(over)) return base.IsMap() || base.IsSequence() ? base : over;
    if (stopped_) return over;
    if (depth > kMaxDepth || ++values_ > kMaxValues) {
      stopped_ = true;
      reader_.problem(reader_.mark(over), path,
                      "the overlay cannot be merged: nested deeper than " +
                          std::to_string(kMaxDepth) + " levels or more than " +
                          std::to_string(kMaxValues) + " values (aliases?)");
      return over;
    }
    if (base.IsMap() && over.IsMap()) return maps(base, over, path, depth);
    if (path == "plugins" && base.IsSequence() && over.IsSequence())
      return plugins(base, over, path, depth);
    return over;
  }

 private:
  YAML::Node maps(const YAML::Node& base, const YAML::Node& over, const std::string& path,
                  int depth) {
    struct Entry {
      YAML::Node key, value;
      bool merged = false;
    };
    std::vector<Entry> overlay;
    std::map<std::string, std::size_t> first;  // a repeated key stays, for the reader to report
    for (auto it = over.begin(); it != over.end(); ++it) {
      first.emplace(key_text(it->first), overlay.size());
      overlay.push_back({it->first, it->second});
    }
    YAML::Node out(YAML::NodeType::Map);
    for (auto it = base.begin(); it != base.end(); ++it) {
      const std::string key = key_text(it->first);
      const auto found = first.find(key);
      if (found == first.end() || overlay[found->second].merged) {
        out.force_insert(it->first, it->second);
        continue;
      }
      Entry& entry = overlay[found->second];
      entry.merged = true;
      // The overlay's key: an error about the entry points at what the user wrote.
      out.force_insert(entry.key, merge(it->second, entry.value, child_path(path, key), depth + 1));
    }
    for (const Entry& entry : overlay)
      if (!entry.merged) out.force_insert(entry.key, entry.value);
    return out;
  }

  YAML::Node plugins(const YAML::Node& base, const YAML::Node& over, const std::string& path,
                     int depth) {
    std::vector<YAML::Node> items;
    std::map<std::string, std::size_t> shipped;
    for (const YAML::Node& item : base) {
      if (auto name = entry_name(item)) shipped.emplace(*name, items.size());
      items.push_back(item);
    }
    std::map<std::string, int> in_overlay;  // name -> line, to report a name given twice
    for (const YAML::Node& item : over) {
      const std::optional<std::string> name = entry_name(item);
      if (name) {
        const Mark mark = reader_.mark(item);
        if (const auto [seen, fresh] = in_overlay.emplace(*name, mark.line); !fresh) {
          reader_.problem(mark, path,
                          "plugin '" + *name + "' appears twice in the overlay; first at line " +
                              std::to_string(seen->second));
          continue;
        }
        if (const auto found = shipped.find(*name); found != shipped.end()) {
          const std::size_t i = found->second;
          // reset, not =: assigning a node would rewrite the shipped document's node in place.
          items[i].reset(merge(items[i], item, path + "[" + std::to_string(i) + "]", depth + 1));
          continue;
        }
      }
      items.push_back(item);  // a new plugin, or an entry the reader will report
    }
    YAML::Node out(YAML::NodeType::Sequence);
    for (const YAML::Node& item : items) out.push_back(item);
    return out;
  }

  Reader& reader_;
  std::size_t values_ = 0;
  bool stopped_ = false;
};

}  // namespace

YAML::Node merge_overlay(Reader& reader, const YAML::Node& base, const YAML::Node& overlay) {
  if (!is_absent(overlay) && !overlay.IsMap()) {
    reader.problem(reader.mark(overlay), "",
                   "the top level of the overlay must be a map, got " + describe(overlay));
    return base;
  }
  if (is_absent(base)) return overlay;
  return Merger(reader).merge(base, overlay, "", 0);
}

}  // namespace berth::config
