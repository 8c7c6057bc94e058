#include "app/extension_metadata.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace berth::app {
namespace {

// The string at `pointer`, "" when absent; an error when present but not a string.
Expected<std::string> text_at(const nlohmann::json& doc, const char* pointer) {
  const nlohmann::json::json_pointer at(pointer);
  if (!doc.contains(at)) return std::string();
  const auto& value = doc.at(at);
  if (!value.is_string()) return unexpected(std::string(pointer) + " must be a string");
  return value.get<std::string>();
}

bool stays_inside(const std::string& relative) {
  const std::filesystem::path p(relative);
  if (p.is_absolute()) return false;
  for (const auto& part : p.lexically_normal())
    if (part == "..") return false;
  return true;
}

}  // namespace

Expected<ExtensionMetadata> read_extension_metadata(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return unexpected(file.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return unexpected(file.string() + ": not a JSON object");
  ExtensionMetadata meta;
  struct Field {
    const char* pointer;
    std::string* into;
    bool path;  // relative to the extension's root: may not leave it
  };
  const Field fields[] = {
      {"/ui/dashboard-tab/title", &meta.title, false},
      {"/vm/composefile", &meta.compose_file, true},
      {"/vm/image", &meta.image, false},
      {"/vm/exposes/socket", &meta.socket, false},
      {"/ui/dashboard-tab/root", &meta.ui_root, true},
      {"/ui/dashboard-tab/src", &meta.ui_src, true},
  };
  for (const auto& field : fields) {
    auto value = text_at(doc, field.pointer);
    if (!value) return unexpected(file.string() + ": " + value.error());
    if (value->empty()) continue;
    // Desktop writes roots as "/ui" (a path in the image) as often as "ui".
    std::string v = *value;
    if (field.path) v.erase(0, v.find_first_not_of('/'));
    if (field.path && !stays_inside(v))
      return unexpected(file.string() + ": " + field.pointer + " \"" + *value +
                        "\" leaves the extension's folder");
    *field.into = v.empty() ? "." : v;
  }
  if (!meta.compose_file.empty() && !meta.image.empty())
    return unexpected(file.string() + ": /vm has both composefile and image; Desktop takes one");
  if (meta.socket.find('/') != std::string::npos)
    return unexpected(file.string() + ": /vm/exposes/socket must be a file name");
  return meta;
}

}  // namespace berth::app
