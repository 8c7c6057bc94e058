#pragma once
// `berth dev --image IMAGE` / `--dir DIR`: an extension's backend as Docker Desktop creates it, on
// the local Docker Engine. With vm.composefile, a compose project named after the extension, with
// DESKTOP_PLUGIN_IMAGE set and a folder of this session's bind-mounted at /run/guest-services in
// the first service; with vm.image, one container the same way. The UI reaches the backend on the
// socket that appears in that folder. Any extension image works, not only berth's.
#include "app/extension_metadata.h"
#include "base/expected.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace berth::app {

struct DevProjectOptions {
  std::string image;                       // the extension's image (DESKTOP_PLUGIN_IMAGE)
  std::filesystem::path dir;               // metadata.json + compose file; empty: the image's
  std::vector<std::string> compose_files;  // more `-f` files after the generated override
  std::filesystem::path work;              // this session's: extracted files, guest-services
  std::chrono::seconds ready_timeout{60};  // until the backend's socket answers
};

class DevProject {
 public:
  using Say = std::function<void(const std::string&)>;  // progress lines for the terminal

  // Extracts the image's extension files when no dir is given, starts the backend and waits for
  // its socket; on failure nothing it started is left running.
  static Expected<std::unique_ptr<DevProject>> start(const DevProjectOptions& options, Say say);
  ~DevProject();  // stop()
  DevProject(const DevProject&) = delete;
  DevProject& operator=(const DevProject&) = delete;

  // `compose down` (or `docker rm -f`); the project's volumes stay, as Desktop keeps them until
  // the extension is removed. Idempotent.
  void stop();

  const ExtensionMetadata& metadata() const { return metadata_; }
  const std::string& project() const { return project_; }
  // What the UI talks to: the socket the backend created in the bind-mounted folder.
  std::filesystem::path socket() const { return guest_dir_ / metadata_.socket; }
  // The extension's root: metadata.json, the compose file and the UI, here or extracted.
  const std::filesystem::path& root() const { return root_; }
  // `vm.cli.exec(cmd, args)` as Desktop runs it: in the backend's container.
  std::vector<std::string> exec_argv(const std::string& command,
                                     const std::vector<std::string>& args) const;

 private:
  DevProject() = default;
  Expected<void> extract_from_image(const std::filesystem::path& into);
  Expected<void> write_override(const std::filesystem::path& file);
  Expected<void> up();
  Expected<void> wait_ready(std::chrono::seconds timeout);
  std::vector<std::string> compose_argv(std::vector<std::string> args) const;

  DevProjectOptions options_;
  Say say_;
  ExtensionMetadata metadata_;
  std::filesystem::path root_;
  std::filesystem::path guest_dir_;
  std::filesystem::path override_file_;
  std::string project_;
  std::string first_service_;
  std::vector<std::string> compose_;  // "docker compose" or "docker-compose"
  std::string container_;             // the backend's container id, once up
  bool running_ = false;
};

// Desktop's project name for an extension image: "berth/berth-extension:1.0" →
// "berth_berth-extension-desktop-extension" (the repository, '/' as '_', no tag).
std::string extension_project_name(const std::string& image);

// The Engine's socket on this machine, from DOCKER_HOST (unix://) or /var/run/docker.sock.
std::string engine_socket_path();

}  // namespace berth::app
