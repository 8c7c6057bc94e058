#include "config/load.h"

#include "config/overrides.h"
#include "config/reader.h"
#include "config/schema.h"

#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
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

void read_documents(Reader& reader, const std::string& yaml, const std::string& source,
                    HostConfig& config) {
  try {
    const std::vector<YAML::Node> documents = YAML::LoadAll(yaml);
    if (documents.size() > 1) {
      reader.problem(reader.mark(documents[1]), "",
                     "expected one YAML document, found " + std::to_string(documents.size()));
    }
    if (!documents.empty()) read_host_config(reader, documents.front(), config);
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
