#include "berth_host.h"

#include "support/eventually.h"

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace berth::test {

std::string host_config(const TempDir& dir, const HostOptions& options) {
  std::ostringstream yaml;
  yaml << "server:\n"
       << "  socket: " << (dir / "backend.sock").string() << "\n"
       << (options.tcp ? "  tcp: 127.0.0.1:0\n" : "") << options.server_yaml
       << "data_dir: " << (options.data_dir.empty() ? (dir / "data").string() : options.data_dir)
       << "\n"
       << "log:\n  level: info\n"
       << options.log_yaml << (options.tasks_yaml.empty() ? "" : "tasks:\n" + options.tasks_yaml)
       << options.extra_yaml << "plugin_dirs:\n"
       << "  - " << build_path("fixtures").string() << "\n"
       << "  - " << build_path("plugins").string() << "\n"
       << "plugins:\n"
       << (options.plugins_yaml.empty() ? "  []\n" : options.plugins_yaml);
  return yaml.str();
}

BerthHost::BerthHost(HostOptions options) : dir_("berth-host") {
  socket_ = (dir_ / "backend.sock").string();
  write_file(dir_ / "berth.yaml", host_config(dir_, options));
  std::vector<std::string> args = {"--config", (dir_ / "berth.yaml").string()};
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  process_ = std::make_unique<BerthProcess>(args, dir_ / "berth.log");
  if (!options.wait_ready) return;
  if (!wait_for_status(socket_, "/_berth/ready", 200))
    throw std::runtime_error("berth did not become ready; log:\n" + log());
  if (options.tcp) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (tcp_port_ == 0 && std::chrono::steady_clock::now() < deadline) {
      for (const auto& line : log_lines("listening")) {
        if (!line.contains("tcp")) continue;
        std::string address = line["tcp"];
        tcp_port_ = std::stoi(address.substr(address.rfind(':') + 1));
      }
      if (tcp_port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (tcp_port_ == 0) throw std::runtime_error("no tcp port in log:\n" + log());
  }
}

BerthHost::~BerthHost() = default;

std::vector<nlohmann::json> BerthHost::log_lines(const std::string& msg) const {
  return log_lines_of(log(), msg);
}

std::vector<nlohmann::json> BerthHost::log_lines(const std::string& msg, std::size_t count) const {
  return await_log_lines(*process_, msg, count);
}

std::vector<nlohmann::json> await_log_lines(const BerthProcess& process, const std::string& msg,
                                            std::size_t count) {
  std::vector<nlohmann::json> lines;
  eventually(
      [&] {
        lines = log_lines_of(process.log(), msg);
        return lines.size() >= count;
      },
      std::chrono::seconds(10), std::chrono::milliseconds(5));
  return lines;
}

std::vector<nlohmann::json> log_lines_of(const std::string& log, const std::string& msg) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("msg", "") == msg) lines.push_back(std::move(j));
  }
  return lines;
}

}  // namespace berth::test
