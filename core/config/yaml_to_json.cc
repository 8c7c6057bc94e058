#include "config/yaml_to_json.h"

#include "config/core_schema.h"

namespace berth::config {
namespace {

// A plugin's section is JSON, and JSON text is UTF-8: a byte that is not (in the file, or from a
// ${VAR}) would make every dump() of the section throw, in the host and in the plugin.
bool is_valid_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

constexpr const char* kNotUtf8 = "not valid UTF-8 (a config file is UTF-8 text)";

class Converter {
 public:
  Converter(Reader& reader, ConfigMarks* marks, bool as_written)
      : reader_(reader), marks_(marks), as_written_(as_written) {}

  nlohmann::json convert(const Slot& slot, const nlohmann::json::json_pointer& pointer, int depth) {
    if (stopped_) return nullptr;
    if (marks_) marks_->emplace(pointer.to_string(), slot.mark);
    if (depth > kMaxDepth || ++values_ > kMaxValues) {
      stopped_ = true;
      reader_.problem(slot.mark, slot.path,
                      depth > kMaxDepth ? "nested deeper than " + std::to_string(kMaxDepth) +
                                              " levels (an alias that contains itself?)"
                                        : "more than " + std::to_string(kMaxValues) +
                                              " values (aliases repeated at each level?)");
      return nullptr;
    }
    switch (slot.node.Type()) {
      case YAML::NodeType::Map: return map(slot, pointer, depth);
      case YAML::NodeType::Sequence: return list(slot, pointer, depth);
      case YAML::NodeType::Scalar: return scalar(slot);
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: break;
    }
    return nullptr;
  }

 private:
  nlohmann::json map(const Slot& slot, const nlohmann::json::json_pointer& pointer, int depth) {
    nlohmann::json object = nlohmann::json::object();
    for_each_entry(reader_, slot, [&](const std::string& key, const Slot& value, const Mark& at) {
      if (!is_valid_utf8(key))
        return reader_.problem(at, value.path, std::string("key ") + kNotUtf8);
      object[key] = convert(value, pointer / key, depth + 1);
    });
    return object;
  }

  nlohmann::json list(const Slot& slot, const nlohmann::json::json_pointer& pointer, int depth) {
    nlohmann::json array = nlohmann::json::array();
    std::size_t index = 0;
    for (const YAML::Node& item : slot.node) {
      const std::string path = slot.path + "[" + std::to_string(index) + "]";
      array.push_back(convert(Slot{item, path, reader_.mark(item)}, pointer / index, depth + 1));
      ++index;
    }
    return array;
  }

  nlohmann::json scalar(const Slot& slot) {
    const std::optional<Text> text = reader_.expand(slot);
    if (!text) return nullptr;
    if (!is_valid_utf8(text->value)) {
      reader_.problem(slot.mark, slot.path, kNotUtf8 + text->origin());
      return nullptr;
    }
    if (as_written_ && text->raw != text->value) return text->raw;
    if (text->quoted) return text->value;
    return core_scalar(text->value);
  }

  Reader& reader_;
  ConfigMarks* marks_;
  bool as_written_;
  std::size_t values_ = 0;
  bool stopped_ = false;
};

}  // namespace

nlohmann::json yaml_to_json(Reader& reader, const Slot& slot, ConfigMarks* marks) {
  return Converter(reader, marks, false).convert(slot, nlohmann::json::json_pointer(), 0);
}

nlohmann::json yaml_to_json_as_written(Reader& reader, const Slot& slot, ConfigMarks* marks) {
  return Converter(reader, marks, true).convert(slot, nlohmann::json::json_pointer(), 0);
}

}  // namespace berth::config
