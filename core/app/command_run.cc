#include "app/command_run.h"

#include "runner/process.h"

#include <stdexcept>
#include <stop_token>

namespace berth::app {

std::string CommandResult::failure() const {
  std::string text = err.empty() ? out : err;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto nl = text.rfind('\n');
  if (nl != std::string::npos) text.erase(0, nl + 1);
  return "exit " + std::to_string(exit_code) + (text.empty() ? "" : ": " + text);
}

Expected<CommandResult> run_command(const CommandRun& run) {
  if (run.argv.empty()) return unexpected(std::string("no command"));
  // The variables go through env(1): the runner's process code starts commands with this
  // process's environment, and one way of starting processes is enough.
  std::vector<std::string> argv;
  if (!run.env.empty()) {
    argv.push_back("env");
    for (const auto& [name, value] : run.env) argv.push_back(name + "=" + value);
  }
  argv.insert(argv.end(), run.argv.begin(), run.argv.end());
  CommandResult result;
  const auto keep = [&](std::string& into, std::string_view line) {
    if (into.size() + line.size() + 1 > run.max_output) return;
    into.append(line);
    into += '\n';
  };
  runner::ProcessResult ended;
  try {
    ended = runner::run_process(argv, std::stop_token(), run.timeout,
                                [&](std::string_view stream, std::string_view line) {
                                  keep(stream == "stderr" ? result.err : result.out, line);
                                });
  } catch (const std::exception& e) {
    return unexpected(run.argv[0] + ": " + e.what());
  }
  if (ended.timed_out)
    return unexpected(run.argv[0] + ": no answer within " +
                      std::to_string(run.timeout.count() / 1000) + " s");
  result.exit_code = ended.signal != 0 ? 128 + ended.signal : ended.exit_code;
  return result;
}

Expected<std::vector<std::string>> compose_command() {
  auto plugin =
      run_command({.argv = {"docker", "compose", "version"}, .timeout = std::chrono::seconds(20)});
  if (plugin && plugin->ok()) return std::vector<std::string>{"docker", "compose"};
  auto v1 =
      run_command({.argv = {"docker-compose", "version"}, .timeout = std::chrono::seconds(20)});
  if (v1 && v1->ok()) return std::vector<std::string>{"docker-compose"};
  return unexpected(std::string(
      "neither `docker compose` nor `docker-compose` runs here (install docker-compose)"));
}

}  // namespace berth::app
