#include "config/reader.h"
#include "config/quote.h"

#include "config/env_expand.h"
#include "config/suggest.h"

#include <map>
#include <utility>
#include <vector>

namespace berth::config {
namespace {

bool is_string_tag(const std::string& tag) {
  // yaml-cpp tags plain scalars "?", quoted and block ones "!".
  return tag == "!" || tag == "tag:yaml.org,2002:str";
}

}  // namespace

std::string Text::origin() const {
  return value == raw ? "" : " (expanded from " + quote(raw) + ")";
}

Reader::Reader(std::string file, std::filesystem::path base_dir, Environment env)
    : Reader({SourceFile{std::move(file), std::move(base_dir), 0}}, std::move(env)) {}

Reader::Reader(std::vector<SourceFile> files, Environment env)
    : files_(std::move(files)), env_(std::move(env)) {}

Mark Reader::mark(const YAML::Node& node) const {
  return mark(node.Mark());
}

Mark Reader::mark(const YAML::Mark& m) const {
  if (m.is_null() || m.line < 0) return Mark{files_.front().file, 0, 0};
  const int line = m.line + 1;
  const SourceFile* from = &files_.front();
  for (const SourceFile& f : files_)
    if (f.first_line < line) from = &f;
  return Mark{from->file, line - from->first_line, m.column + 1};
}

void Reader::problem(const Mark& mark, const std::string& path, std::string message) {
  problems_.push_back(Problem{mark, path, std::move(message)});
}

std::optional<Text> Reader::text(const Slot& slot, std::string_view expected) {
  if (!slot.node.IsScalar()) {
    problem(slot.mark, slot.path,
            "expected " + std::string(expected) + ", got " + describe(slot.node));
    return std::nullopt;
  }
  return expand(slot);
}

std::optional<Text> Reader::expand(const Slot& slot) {
  const std::string& raw = slot.node.Scalar();
  auto expanded = expand_env(raw, env_);
  if (!expanded) {
    for (std::string& error : std::move(expanded).error())
      problem(slot.mark, slot.path, std::move(error));
    return std::nullopt;
  }
  return Text{std::move(*expanded), raw, is_string_tag(slot.node.Tag())};
}

std::string Reader::resolve(const std::string& path, const Mark& written_at) const {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  const SourceFile* from = &files_.front();
  for (const SourceFile& f : files_)
    if (f.file == written_at.file) from = &f;
  return (from->base_dir / p).lexically_normal().string();
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return quote(node.Scalar());
    case YAML::NodeType::Null: return "null";
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

std::string key_text(const YAML::Node& key) {
  if (key.IsScalar()) return key.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << key;
  return out.c_str();
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

void for_each_entry(Reader& reader, const Slot& map,
                    const std::function<void(const std::string& key, const Slot& value,
                                             const Mark& key_mark)>& read) {
  std::map<std::string, int> first_line;
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    const std::string key = key_text(it->first);
    const Mark key_mark = reader.mark(it->first);
    const std::string path = child_path(map.path, key);
    // yaml-cpp keeps both entries of a repeated key; lookups would silently see only one.
    if (const auto [seen, fresh] = first_line.emplace(key, key_mark.line); !fresh) {
      reader.problem(key_mark, path,
                     "duplicate key; first defined at line " + std::to_string(seen->second));
      continue;
    }
    // An implicit null ("key:" and nothing) is marked at the next token, often the next line.
    const Mark value_mark = it->second.IsNull() ? key_mark : reader.mark(it->second);
    read(key, Slot{it->second, path, value_mark}, key_mark);
  }
}

void read_map(Reader& reader, const Slot& map, std::span<const Field> fields) {
  if (map.node.IsNull()) return;
  if (!map.node.IsMap()) {
    reader.problem(map.mark, map.path, "expected a map, got " + describe(map.node));
    return;
  }
  std::vector<std::string_view> keys;
  for (const Field& f : fields) keys.push_back(f.key);
  for_each_entry(reader, map, [&](const std::string& key, const Slot& value, const Mark& key_mark) {
    for (const Field& f : fields) {
      if (f.key == key) return f.read(value);
    }
    std::string message = "unknown key; expected one of: " + join(keys);
    if (auto near = closest_match(key, keys)) message += "; did you mean '" + *near + "'?";
    reader.problem(key_mark, value.path, std::move(message));
  });
}

void read_list(Reader& reader, const Slot& list, std::string_view expected,
               const std::function<void(const Slot& item, std::size_t index)>& read) {
  if (list.node.IsNull()) return;
  if (!list.node.IsSequence()) {
    reader.problem(list.mark, list.path,
                   "expected " + std::string(expected) + ", got " + describe(list.node));
    return;
  }
  std::size_t index = 0;
  for (const YAML::Node& item : list.node) {
    const std::string path = list.path + "[" + std::to_string(index) + "]";
    read(Slot{item, path, item.IsNull() ? list.mark : reader.mark(item)}, index);
    ++index;
  }
}

}  // namespace berth::config
