#include "app/dev/dev_ui.h"

#include "app/extension_metadata.h"

#include <filesystem>

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
  if (!fs::exists(metadata, ec))
    return unexpected(
        "no UI to serve: pass --ui DIR or --ui-url URL, or run berth dev in the "
        "folder of the extension's metadata.json");
  auto meta = read_extension_metadata(metadata);
  if (!meta) return unexpected(meta.error());
  if (meta->ui_root.empty())
    return unexpected(metadata + ": no ui.dashboard-tab to serve (pass --ui DIR or --ui-url URL)");
  const fs::path root = fs::absolute(metadata).parent_path() / meta->ui_root;
  if (!fs::is_directory(root, ec))
    return unexpected(metadata + ": ui.dashboard-tab.root " + root.string() + " is not a folder");
  ui.dir = UiRoot{root.lexically_normal().string(), meta->ui_src};
  return ui;
}

}  // namespace berth::app::dev
