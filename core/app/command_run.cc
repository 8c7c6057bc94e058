#include "app/command_run.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace berth::app {
namespace {

using Clock = std::chrono::steady_clock;

struct PipeFd {
  int fd = -1;
  ~PipeFd() {
    if (fd >= 0) ::close(fd);
  }
};

std::vector<std::string> environment_with(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string_view::npos)
      vars[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  for (const auto& [name, value] : extra) vars[name] = value;
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [name, value] : vars) out.push_back(name + "=" + value);
  return out;
}

}  // namespace

std::string CommandResult::failure() const {
  std::string text = err.empty() ? out : err;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto nl = text.rfind('\n');
  if (nl != std::string::npos) text.erase(0, nl + 1);
  return "exit " + std::to_string(exit_code) + (text.empty() ? "" : ": " + text);
}

Expected<CommandResult> run_command(const CommandRun& run) {
  if (run.argv.empty()) return unexpected(std::string("no command"));
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return unexpected(std::string(std::strerror(errno)));
  PipeFd out_read{out_pipe[0]}, out_write{out_pipe[1]};
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return unexpected(std::string(std::strerror(errno)));
  PipeFd err_read{err_pipe[0]}, err_write{err_pipe[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.fd, 2);
  // The host blocks SIGTERM in its threads and ignores SIGPIPE: a command starts with neither.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const auto& a : run.argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto env_strings = environment_with(run.env);
  std::vector<char*> env;
  for (auto& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);

  pid_t pid = -1;
  int spawn_error = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawn_error != 0) return unexpected(run.argv[0] + ": " + std::strerror(spawn_error));
  ::close(std::exchange(out_write.fd, -1));
  ::close(std::exchange(err_write.fd, -1));

  CommandResult result;
  const auto deadline = Clock::now() + run.timeout;
  bool timed_out = false;
  std::string* sinks[2] = {&result.out, &result.err};
  int open_streams = 2;
  pollfd fds[2] = {{out_read.fd, POLLIN, 0}, {err_read.fd, POLLIN, 0}};
  char buffer[16384];
  while (open_streams > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !fds[i].revents) continue;
      ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        fds[i].fd = -1;
        --open_streams;
        continue;
      }
      std::size_t room = run.max_output - std::min(run.max_output, sinks[i]->size());
      sinks[i]->append(buffer, std::min<std::size_t>(room, static_cast<std::size_t>(got)));
    }
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out)
    return unexpected(run.argv[0] + ": no answer within " +
                      std::to_string(run.timeout.count() / 1000) + " s");
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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
