#include "app/dev/dev_ui.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace berth::app::dev {

Expected<DevUi> choose_ui(const std::string& ui_dir, const std::string& ui_url,
                          const std::string& metadata) {
  namespace fs = std::filesystem;
  DevUi ui;
  std::error_code ec;
  if (!ui_url.empty()) {
    auto url = parse_ui_url(ui_url);
    if (!url) return unexpected(url.error());
    ui.url = *url;
    return ui;
  }
  if (!ui_dir.empty()) {
    if (!fs::is_directory(ui_dir, ec)) return unexpected("--ui: " + ui_dir + " is not a folder");
    ui.dir = UiRoot{fs::absolute(ui_dir).string()};
    return ui;
  }
  std::ifstream file(metadata);
  if (!file)
    return unexpected(
        "no UI to serve: pass --ui DIR or --ui-url URL, or run berth dev in the "
        "folder of the extension's metadata.json");
  auto json = nlohmann::json::parse(file, nullptr, false);
  const auto pointer = nlohmann::json::json_pointer("/ui/dashboard-tab");
  if (json.is_discarded() || !json.contains(pointer) || !json[pointer].is_object())
    return unexpected(metadata + ": no ui.dashboard-tab to serve (pass --ui DIR or --ui-url URL)");
  const auto& tab = json[pointer];
  const fs::path base = fs::absolute(metadata).parent_path();
  const fs::path root = base / tab.value("root", "");
  if (!fs::is_directory(root, ec))
    return unexpected(metadata + ": ui.dashboard-tab.root " + root.string() + " is not a folder");
  ui.dir = UiRoot{root.lexically_normal().string(), tab.value("src", "index.html")};
  return ui;
}

}  // namespace berth::app::dev
