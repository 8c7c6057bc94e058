#include "support/berth_process.h"

#include "support/http_client.h"
#include "support/temp_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace berth::test {
namespace {

int spawn(const std::vector<std::string>& args, const std::filesystem::path& log_file,
          const std::vector<std::string>& extra_env) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  for (const auto& e : extra_env) env.push_back(e);
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  int out = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) throw std::runtime_error("cannot open " + log_file.string());
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out, 1);
    ::dup2(out, 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::execve(argv[0], argv.data(), envp.data());
    std::fprintf(stderr, "exec %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(out);
  if (pid < 0) throw std::runtime_error("fork failed");
  return pid;
}

int decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string berth_binary() {
  if (const char* b = std::getenv("BERTH_BINARY")) return b;
  return build_path("core/app/berth").string();
}

std::filesystem::path build_path(const std::string& relative) {
  const char* b = std::getenv("BERTH_BUILD_DIR");
  return std::filesystem::path(b ? b : "build") / relative;
}

std::filesystem::path source_path(const std::string& relative) {
  const char* s = std::getenv("BERTH_SOURCE_DIR");
  return std::filesystem::path(s ? s : ".") / relative;
}

BerthProcess::BerthProcess(std::vector<std::string> args, std::filesystem::path log_file,
                           std::vector<std::string> extra_env)
    : log_file_(std::move(log_file)) {
  args.insert(args.begin(), berth_binary());
  pid_ = spawn(args, log_file_, extra_env);
}

BerthProcess::~BerthProcess() {
  if (!status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
}

void BerthProcess::signal(int sig) const {
  ::kill(pid_, sig);
}

std::optional<int> BerthProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = decode(st);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

bool BerthProcess::running() {
  return !wait_exit(std::chrono::milliseconds(0));
}

std::string BerthProcess::log() const {
  return read_file(log_file_);
}

bool wait_for_status(const std::string& socket, const std::string& target, long status,
                     std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(socket)) {
      auto client = HttpClient::unix_socket(socket);
      client.set_timeout_ms(1000);
      if (client.get(target).status == status) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

CommandResult run_command(std::vector<std::string> args, std::chrono::milliseconds timeout,
                          std::vector<std::string> extra_env) {
  TempDir dir("berth-cmd");
  auto log = dir / "output";
  int pid = spawn(args, log, extra_env);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  CommandResult result;
  for (;;) {
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) == pid) {
      result.exit_code = decode(st);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      result.exit_code = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.output = read_file(log);
  return result;
}

}  // namespace berth::test
