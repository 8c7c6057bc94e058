#pragma once
// The parts of an extension's metadata.json that say how Docker Desktop runs it: its backend
// (a compose file or one image) with the socket the UI reaches it on, and the dashboard tab's UI.
#include "base/expected.h"

#include <filesystem>
#include <string>

namespace berth::app {

struct ExtensionMetadata {
  std::string title;
  std::string compose_file;             // vm.composefile, relative to the extension's root
  std::string image;                    // vm.image: a single container
  std::string socket = "backend.sock";  // vm.exposes.socket, in /run/guest-services
  std::string ui_root;                  // ui["dashboard-tab"].root, relative to the root
  std::string ui_src = "index.html";    // ui["dashboard-tab"].src, in ui_root
  bool has_backend() const { return !compose_file.empty() || !image.empty(); }
};

// metadata.json read and checked, or what is wrong with it (file, field and why).
Expected<ExtensionMetadata> read_extension_metadata(const std::filesystem::path& file);

}  // namespace berth::app
