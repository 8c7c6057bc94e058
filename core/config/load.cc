#include "config/load.h"

#include "config/overrides.h"
#include "config/reader.h"
#include "config/schema.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

namespace berth::config {
namespace {

std::string join_problems(const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems) {
    if (!out.empty()) out += '\n';
    out += p.to_string();
  }
  return out;
}

std::filesystem::path folder_of(const std::string& file) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  return (ec ? std::filesystem::path(file) : absolute).parent_path();
}

std::filesystem::path current_folder() {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  return ec ? std::filesystem::path() : cwd;
}

// Counts a stream's documents, and notes where the second one's content starts, without building
// nodes.
class DocumentCounter : public YAML::EventHandler {
 public:
  std::size_t documents = 0;
  std::optional<YAML::Mark> second;

  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (documents == 2 && !second) second = mark;
  }
};

// Not YAML::LoadAll: on some malformed input (",server:\n  sock: \"abc\net\xfc: \"abc\n", found
// by fuzzing) yaml-cpp 0.7 yields empty documents forever, and LoadAll keeps them all until memory
// runs out. The documents are counted up to a bound, and only the first is built.
constexpr std::size_t kMaxDocuments = 100;

void read_documents(Reader& reader, const std::string& yaml, const std::string& source,
                    HostConfig& config) {
  try {
    std::istringstream stream(yaml);
    YAML::Parser parser(stream);
    DocumentCounter counter;
    while (counter.documents <= kMaxDocuments && parser.HandleNextDocument(counter)) {
    }
    if (counter.documents > 1) {
      const YAML::Mark at = counter.second.value_or(YAML::Mark::null_mark());
      const bool has_mark = !at.is_null() && at.line >= 0;
      reader.problem(
          Mark{source, has_mark ? at.line + 1 : 0, has_mark ? at.column + 1 : 0}, "",
          "expected one YAML document, found " + (counter.documents > kMaxDocuments
                                                      ? "more than " + std::to_string(kMaxDocuments)
                                                      : std::to_string(counter.documents)));
    }
    if (counter.documents > 0) read_host_config(reader, YAML::Load(yaml), config);
  } catch (const YAML::Exception& e) {
    // ParserException mostly; its mark is 0-based like Node::Mark().
    const bool has_mark = !e.mark.is_null() && e.mark.line >= 0;
    const Mark mark{source, has_mark ? e.mark.line + 1 : 0, has_mark ? e.mark.column + 1 : 0};
    reader.problem(mark, "", "invalid YAML: " + e.msg);
  }
}

HostConfig load(const std::string& yaml, const std::string& source,
                const std::filesystem::path& base_dir, const Environment& env) {
  HostConfig config;
  config.source = source;
  Reader reader(source, base_dir, env);
  read_documents(reader, yaml, source, config);
  std::vector<Problem>& problems = reader.problems();
  apply_overrides(env, config, problems);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return config;
}

}  // namespace

std::optional<std::string> read_whole_file(const std::string& path, std::string& error) {
  // POSIX read, not ifstream: ifstream "opens" a directory and reports nothing useful.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::error_code(errno, std::generic_category()).message();
    return std::nullopt;
  }
  std::string content;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::error_code(errno, std::generic_category()).message();
      ::close(fd);
      return std::nullopt;
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

std::string Problem::to_string() const {
  std::string out = mark.file;
  if (mark.line > 0) {
    out += ':' + std::to_string(mark.line) + ':' + std::to_string(mark.column);
  }
  if (!out.empty()) out += ": ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

ConfigError::ConfigError(std::vector<Problem> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

HostConfig load_file(const std::string& path, const Environment& env) {
  std::string error;
  const std::optional<std::string> yaml = read_whole_file(path, error);
  if (!yaml) {
    throw ConfigError({Problem{Mark{path, 0, 0}, "", "cannot read config file: " + error}});
  }
  return load(*yaml, path, folder_of(path), env);
}

HostConfig load_string(const std::string& yaml, const std::string& source_name,
                       const Environment& env) {
  return load(yaml, source_name, current_folder(), env);
}

}  // namespace berth::config
