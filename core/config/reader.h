#pragma once
// Walking the YAML tree while collecting problems: the context every section reader shares.
#include "config/load.h"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace berth::config {

// A scalar's text after ${} expansion.
struct Text {
  std::string value;
  std::string raw;      // as written
  bool quoted = false;  // quoted, block and !!str scalars are strings whatever they look like
  // " (expanded from '${X}')" when expansion changed the text, so messages show both.
  std::string origin() const;
};

// A value being read: a map entry's value or a list item.
struct Slot {
  YAML::Node node;
  std::string path;  // "server.io_threads", "plugins[1].mount"; "" for the document
  Mark mark;         // of the value; of the key when the value is an implicit null
};

// One file of the config. yaml-cpp marks carry no file name and a merged tree mixes nodes of
// several files, so each file is parsed as if it began after the lines of the files before it:
// a node's line says which file it is from.
struct SourceFile {
  std::string file;
  std::filesystem::path base_dir;  // relative paths written in the file are taken against it
  int first_line = 0;              // lines of the files before it
};

class Reader {
 public:
  Reader(std::string file, std::filesystem::path base_dir, Environment env);
  Reader(std::vector<SourceFile> files, Environment env);

  Mark mark(const YAML::Node& node) const;
  Mark mark(const YAML::Mark& mark) const;  // 0-based, as yaml-cpp counts
  void problem(const Mark& mark, const std::string& path, std::string message);

  // The expanded text of a scalar; maps, lists and nulls are reported as "expected <expected>,
  // got ...". Bad ${} references are reported too. nullopt after any report.
  std::optional<Text> text(const Slot& slot, std::string_view expected);
  // The expanded text of a scalar slot, without a type check.
  std::optional<Text> expand(const Slot& slot);

  // Relative paths are taken against the folder of the file they were written in.
  std::string resolve(const std::string& path, const Mark& written_at) const;

  std::vector<Problem>& problems() { return problems_; }

 private:
  std::vector<SourceFile> files_;
  Environment env_;
  std::vector<Problem> problems_;
};

// What a node is, for "expected X, got Y": "a map", "a list", "null" or the quoted scalar.
std::string describe(const YAML::Node& node);

// A map key's text; non-scalar keys are written out in flow style ("[1, 2]").
std::string key_text(const YAML::Node& key);

// "server" + "tcp" -> "server.tcp"; "" + "server" -> "server".
std::string child_path(const std::string& parent, std::string_view key);

struct Field {
  std::string_view key;
  std::function<void(const Slot& value)> read;
};

// Reads a map's entries in document order through `fields`, reporting a non-map, unknown keys
// (listing the allowed ones, with a suggestion) and repeated keys. Null reads as an empty map.
void read_map(Reader& reader, const Slot& map, std::span<const Field> fields);

// Calls `read` for each item of a list; null reads as an empty list.
void read_list(Reader& reader, const Slot& list, std::string_view expected,
               const std::function<void(const Slot& item, std::size_t index)>& read);

// Calls `read(key, value)` for each entry of a map, skipping (and reporting) repeated keys.
void for_each_entry(Reader& reader, const Slot& map,
                    const std::function<void(const std::string& key, const Slot& value,
                                             const Mark& key_mark)>& read);

}  // namespace berth::config
