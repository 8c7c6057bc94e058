// The fuzz targets without libFuzzer: replays corpus files (and, for a few seconds, simple random
// mutations of them) through the registered targets. ctest runs it in every build so the committed
// corpora and crash inputs stay regression tests; real coverage-guided fuzzing is `make fuzz`.
//
//   berth_fuzz_replay <target> <file-or-folder>... [--mutate-seconds N] [--seed S]
//
// An input that crashes is written to ./fuzz-crash-<target> before the process dies.
#include "fuzz_target.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace berth::fuzz {
namespace {

constexpr std::size_t kMaxMutatedSize = 4096;  // libFuzzer's default -max_len
constexpr unsigned kInputTimeoutSeconds =
    10;  // libFuzzer's -timeout in make fuzz: a hang is a finding

std::map<std::string, TargetFunction>& registry() {
  static std::map<std::string, TargetFunction> targets;
  return targets;
}

// What the signal handler writes out: set before every call into the target.
const std::string* g_current_input = nullptr;
char g_crash_file[256] = "fuzz-crash";

void on_fatal_signal(int sig) {
  const char note[] =
      "fuzz replay: fatal signal (SIGALRM: an input ran over 10 s); input written to ";
  const int fd = ::open(g_crash_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0 && g_current_input) {
    [[maybe_unused]] auto w = ::write(fd, g_current_input->data(), g_current_input->size());
    ::close(fd);
  }
  [[maybe_unused]] auto a = ::write(STDERR_FILENO, note, sizeof note - 1);
  [[maybe_unused]] auto b = ::write(STDERR_FILENO, g_crash_file, std::strlen(g_crash_file));
  [[maybe_unused]] auto c = ::write(STDERR_FILENO, "\n", 1);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_crash_handlers(const std::string& target) {
  std::snprintf(g_crash_file, sizeof g_crash_file, "fuzz-crash-%s", target.c_str());
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGALRM})
    ::signal(sig, on_fatal_signal);
}

void run_one(TargetFunction target, const std::string& input) {
  g_current_input = &input;
  ::alarm(kInputTimeoutSeconds);
  target(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  ::alarm(0);
  g_current_input = nullptr;
}

std::vector<std::string> read_inputs(const std::vector<std::string>& paths) {
  std::vector<std::filesystem::path> files;
  for (const auto& p : paths) {
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.emplace_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> inputs;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + f.string());
    inputs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return inputs;
}

// A few of libFuzzer's mutations, blind (no coverage feedback): enough to shake out shallow bugs.
std::string mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::size_t(rng() % n); };
  std::string s = corpus.empty() ? std::string() : corpus[pick(corpus.size())];
  for (std::size_t rounds = 1 + pick(4); rounds > 0; --rounds) {
    switch (pick(7)) {
      case 0:
        if (!s.empty()) s[pick(s.size())] ^= char(1u << pick(8));
        break;
      case 1:
        if (!s.empty()) s[pick(s.size())] = char(rng());
        break;
      case 2: s.insert(s.begin() + std::ptrdiff_t(pick(s.size() + 1)), char(rng())); break;
      case 3:
        if (!s.empty()) {
          std::size_t at = pick(s.size());
          s.erase(at, 1 + pick(std::min<std::size_t>(s.size() - at, 16)));
        }
        break;
      case 4:
        if (!s.empty()) {
          std::size_t at = pick(s.size());
          std::string piece = s.substr(at, 1 + pick(32));
          s.insert(pick(s.size() + 1), piece);
        }
        break;
      case 5:
        if (!corpus.empty()) {
          const std::string& other = corpus[pick(corpus.size())];
          std::size_t at = pick(other.size() + 1);
          s = s.substr(0, pick(s.size() + 1)) + other.substr(at);
        }
        break;
      case 6: {
        static constexpr const char* kSpecial[] = {"\r\n",     "\0", "%",          "${", "}",
                                                   "[",        "{",  "\"",         ":",  "\xff",
                                                   "\xc3\xa9", "-1", "99999999999"};
        std::string token = kSpecial[pick(std::size(kSpecial))];
        if (token.empty()) token.push_back('\0');
        s.insert(pick(s.size() + 1), token);
        break;
      }
    }
  }
  if (s.size() > kMaxMutatedSize) s.resize(kMaxMutatedSize);
  return s;
}

int usage() {
  std::cerr << "usage: berth_fuzz_replay <target> <file-or-folder>... [--mutate-seconds N] "
               "[--seed S]\ntargets:";
  for (const auto& [name, f] : registry()) std::cerr << ' ' << name;
  std::cerr << '\n';
  return 2;
}

}  // namespace

bool register_target(const char* name, TargetFunction function) {
  registry().emplace(name, function);
  return true;
}

}  // namespace berth::fuzz

int main(int argc, char** argv) {
  using namespace berth::fuzz;
  if (argc < 2) return usage();
  const std::string name = argv[1];
  auto it = registry().find(name);
  if (it == registry().end()) return usage();
  std::vector<std::string> paths;
  double mutate_seconds = 0;
  std::uint64_t seed = 1;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mutate-seconds" && i + 1 < argc) {
      mutate_seconds = std::stod(argv[++i]);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::stoull(argv[++i]);
    } else {
      paths.push_back(arg);
    }
  }
  install_crash_handlers(name);
  const std::vector<std::string> corpus = read_inputs(paths);
  for (const auto& input : corpus) run_one(it->second, input);

  std::uint64_t mutated = 0;
  std::mt19937_64 rng(seed);
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(mutate_seconds);
  while (mutate_seconds > 0 && std::chrono::steady_clock::now() < until) {
    for (int i = 0; i < 64; ++i, ++mutated) run_one(it->second, mutate(corpus, rng));
  }
  std::cout << name << ": " << corpus.size() << " corpus inputs, " << mutated
            << " mutated inputs (seed " << seed << "), no findings\n";
  return 0;
}
