#pragma once
// Which UI `berth dev` shows: --ui DIR, --ui-url URL, or by default the dashboard tab of the
// metadata.json in the current folder (its `root` folder and `src` page), as Desktop would.
#include "app/dev/ui_files.h"
#include "app/dev/ui_proxy.h"
#include "base/expected.h"

#include <optional>
#include <string>

namespace berth::app::dev {

struct DevUi {
  std::optional<UiRoot> dir;
  std::optional<UiUrl> url;
};

// `metadata` is the metadata.json to read when neither flag is given.
Expected<DevUi> choose_ui(const std::string& ui_dir, const std::string& ui_url,
                          const std::string& metadata = "metadata.json");

}  // namespace berth::app::dev
