#include "app/dev_project.h"

#include "app/command_run.h"

#include <yaml-cpp/yaml.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

namespace berth::app {
namespace fs = std::filesystem;
namespace {

constexpr const char* kGuestServices = "/run/guest-services";
// Where the Desktop VM keeps the engine's socket; compose files mount it from there.
constexpr const char* kDesktopEngineSocket = "/var/run/docker.sock.raw";

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

Expected<CommandResult> docker(std::vector<std::string> args,
                               std::chrono::seconds timeout = std::chrono::seconds(60)) {
  args.insert(args.begin(), "docker");
  auto result = run_command({.argv = std::move(args), .timeout = timeout});
  if (!result) return unexpected(result.error());
  return result;
}

bool socket_answers(const fs::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string p = path.string();
  if (p.size() >= sizeof addr.sun_path) return false;
  std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// "SOURCE:TARGET[:MODE]" of a compose short-syntax volume, split; false for other forms.
bool split_volume(const std::string& spec, std::string& source, std::string& rest) {
  auto colon = spec.find(':');
  if (colon == std::string::npos) return false;
  source = spec.substr(0, colon);
  rest = spec.substr(colon);
  return true;
}

}  // namespace

std::string extension_project_name(const std::string& image) {
  std::string repo = image;
  if (auto at = repo.find('@'); at != std::string::npos) repo.erase(at);
  auto slash = repo.rfind('/');
  if (auto colon = repo.rfind(':');
      colon != std::string::npos && (slash == std::string::npos || colon > slash))
    repo.erase(colon);
  std::string name;
  for (char c : repo) {
    auto u = static_cast<unsigned char>(c);
    if (c == '/')
      name += '_';
    else if (std::isalnum(u) || c == '-' || c == '_')
      name += static_cast<char>(std::tolower(u));
  }
  return (name.empty() ? "extension" : name) + "-desktop-extension";
}

std::string engine_socket_path() {
  const char* host = std::getenv("DOCKER_HOST");
  if (host && std::strncmp(host, "unix://", 7) == 0) return host + 7;
  return "/var/run/docker.sock";
}

Expected<std::unique_ptr<DevProject>> DevProject::start(const DevProjectOptions& options, Say say) {
  std::unique_ptr<DevProject> project(new DevProject());
  project->options_ = options;
  project->say_ = say ? std::move(say) : Say([](const std::string&) {});
  if (options.dir.empty() && options.image.empty())
    return unexpected(std::string("berth dev needs --image IMAGE or --dir DIR"));
  std::error_code ec;
  fs::create_directories(options.work, ec);
  if (ec) return unexpected(options.work.string() + ": " + ec.message());
  if (options.dir.empty()) {
    project->root_ = options.work / "extension";
    if (auto r = project->extract_from_image(project->root_); !r) return unexpected(r.error());
  } else {
    project->root_ = fs::absolute(options.dir);
  }
  auto meta = read_extension_metadata(project->root_ / "metadata.json");
  if (!meta) return unexpected(meta.error());
  project->metadata_ = std::move(*meta);
  if (!project->metadata_.has_backend())
    return unexpected(
        std::string("metadata.json declares no backend (vm.composefile or vm.image)"));
  project->project_ = options.image.empty()
                          ? extension_project_name(project->root_.filename().string())
                          : extension_project_name(options.image);
  // Desktop bind-mounts a folder of its own; the socket's path must fit sockaddr_un (108 bytes).
  project->guest_dir_ = options.work / "guest-services";
  fs::create_directories(project->guest_dir_, ec);
  if (ec) return unexpected(project->guest_dir_.string() + ": " + ec.message());
  fs::remove(project->socket(), ec);  // a stale one from an earlier run would answer nothing
  if (!project->metadata_.compose_file.empty()) {
    auto compose = compose_command();
    if (!compose) return unexpected(compose.error());
    project->compose_ = std::move(*compose);
    project->override_file_ = options.work / "berth-dev.override.yaml";
    if (auto r = project->write_override(project->override_file_); !r) return unexpected(r.error());
  }
  if (auto r = project->up(); !r) {
    project->stop();
    return unexpected(r.error());
  }
  if (auto r = project->wait_ready(options.ready_timeout); !r) {
    project->stop();
    return unexpected(r.error());
  }
  return project;
}

DevProject::~DevProject() {
  stop();
}

Expected<void> DevProject::extract_from_image(const fs::path& into) {
  say_("berth dev: reading the extension files of " + options_.image);
  // A container that is never started: `docker cp` reads an image only through one.
  auto created = docker({"create", "--entrypoint", "/berth-dev-never-runs", options_.image});
  if (!created) return unexpected(created.error());
  if (!created->ok())
    return unexpected("docker create " + options_.image + ": " + created->failure());
  const std::string cid = trimmed(created->out);
  struct Remove {
    std::string cid;
    ~Remove() { (void)docker({"rm", "-f", cid}); }
  } remove{cid};
  std::error_code ec;
  fs::remove_all(into, ec);
  fs::create_directories(into, ec);
  if (ec) return unexpected(into.string() + ": " + ec.message());
  const auto copy = [&](const std::string& path) -> Expected<void> {
    fs::create_directories((into / path).parent_path(), ec);
    auto r = docker({"cp", cid + ":/" + path, (into / path).string()});
    if (!r) return unexpected(r.error());
    if (!r->ok())
      return unexpected(options_.image + " has no /" + path + " (" + r->failure() + ")");
    return {};
  };
  if (auto r = copy("metadata.json"); !r)
    return unexpected(r.error() + ": not a Docker Desktop extension image");
  auto meta = read_extension_metadata(into / "metadata.json");
  if (!meta) return unexpected(meta.error());
  if (!meta->compose_file.empty())
    if (auto r = copy(meta->compose_file); !r) return r;
  if (!meta->ui_root.empty() && meta->ui_root != ".")
    if (auto r = copy(meta->ui_root); !r) return r;
  return {};
}

Expected<void> DevProject::write_override(const fs::path& file) {
  const fs::path compose_path = root_ / metadata_.compose_file;
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(compose_path.string());
  } catch (const YAML::Exception& e) {
    return unexpected(compose_path.string() + ": " + e.what());
  }
  const YAML::Node services = doc["services"];
  if (!services.IsMap() || services.size() == 0)
    return unexpected(compose_path.string() + ": no services");
  const std::string engine = engine_socket_path();
  YAML::Emitter out;
  out << YAML::Comment("written by berth dev: what Docker Desktop adds to " +
                       metadata_.compose_file);
  out << YAML::BeginMap << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
  bool first = true;
  for (const auto& service : services) {
    const std::string name = service.first.as<std::string>();
    std::vector<std::string> volumes;
    // Desktop mounts its folder into the first service only.
    if (first) volumes.push_back(guest_dir_.string() + ":" + kGuestServices);
    if (first) first_service_ = name;
    first = false;
    // The VM's engine socket is not on this machine: the local engine's takes its place.
    if (const YAML::Node listed = service.second["volumes"]; listed.IsSequence())
      for (const auto& volume : listed) {
        std::string source, rest;
        if (volume.IsScalar() && split_volume(volume.as<std::string>(), source, rest) &&
            source == kDesktopEngineSocket)
          volumes.push_back(engine + rest);
      }
    if (volumes.empty()) continue;
    out << YAML::Key << name << YAML::Value << YAML::BeginMap << YAML::Key << "volumes"
        << YAML::Value << YAML::BeginSeq;
    for (const auto& v : volumes) out << v;
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndMap << YAML::EndMap;
  std::ofstream f(file, std::ios::trunc);
  f << out.c_str() << '\n';
  if (!f) return unexpected(file.string() + ": cannot write");
  return {};
}

std::vector<std::string> DevProject::compose_argv(std::vector<std::string> args) const {
  std::vector<std::string> argv = compose_;
  argv.insert(argv.end(), {"-p", project_, "-f", (root_ / metadata_.compose_file).string(), "-f",
                           override_file_.string()});
  for (const auto& f : options_.compose_files) {
    argv.push_back("-f");
    argv.push_back(fs::absolute(f).string());
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

Expected<void> DevProject::up() {
  const std::vector<std::pair<std::string, std::string>> env = {
      {"DESKTOP_PLUGIN_IMAGE", options_.image}};
  running_ = true;  // from here stop() tears down whatever part came up
  if (!compose_.empty()) {
    say_("berth dev: compose project " + project_ + " (" + metadata_.compose_file + ")");
    auto r = run_command({.argv = compose_argv({"up", "-d"}), .env = env});
    if (!r) return unexpected(r.error());
    if (!r->ok()) return unexpected("compose up: " + r->failure());
    auto ps = run_command({.argv = compose_argv({"ps", "-q", first_service_}), .env = env});
    if (!ps || !ps->ok() || trimmed(ps->out).empty())
      return unexpected("compose up: no container for service " + first_service_);
    container_ = trimmed(ps->out);
    return {};
  }
  std::string image = metadata_.image;
  if (image == "${DESKTOP_PLUGIN_IMAGE}") image = options_.image;
  if (image.empty()) return unexpected(std::string("vm.image needs --image"));
  say_("berth dev: container " + project_ + " of " + image);
  auto r = docker(
      {"run", "-d", "--name", project_, "-v", guest_dir_.string() + ":" + kGuestServices, image},
      std::chrono::seconds(300));
  if (!r) return unexpected(r.error());
  if (!r->ok()) return unexpected("docker run: " + r->failure());
  container_ = trimmed(r->out);
  return {};
}

Expected<void> DevProject::wait_ready(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (socket_answers(socket())) {
      say_("berth dev: the backend answers on " + socket().string());
      return {};
    }
    auto state = docker({"inspect", "-f", "{{.State.Status}}", container_});
    if (state && state->ok() && trimmed(state->out) == "exited") {
      auto logs = docker({"logs", "--tail", "20", container_});
      return unexpected("the backend's container exited before it created " + metadata_.socket +
                        (logs ? ":\n" + logs->out + logs->err : std::string()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return unexpected("no backend socket " + socket().string() + " within " +
                    std::to_string(timeout.count()) + " s");
}

std::vector<std::string> DevProject::exec_argv(const std::string& command,
                                               const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"docker", "exec", "-i", container_, command};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

void DevProject::stop() {
  if (!std::exchange(running_, false)) return;
  say_("berth dev: stopping " + project_);
  if (!compose_.empty()) {
    (void)run_command({.argv = compose_argv({"down"}),
                       .env = {{"DESKTOP_PLUGIN_IMAGE", options_.image}},
                       .timeout = std::chrono::seconds(120)});
  } else {
    (void)docker({"rm", "-f", project_});
  }
}

}  // namespace berth::app
