#pragma once
#include "base/expected.h"
#include "config/host_config.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace berth::config {

struct Problem {
  Mark mark;
  std::string path;  // key path, e.g. "server.tcp.port" or "plugins[1].mount"
  std::string message;
  // "berth.yaml:12:5: server.tcp.port: expected an integer from 0 to 65535, got 'abc'"
  std::string to_string() const;
};

// Every problem found in a file, not just the first.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<Problem> problems,
                       std::shared_ptr<const HostConfig> partial = nullptr);
  const std::vector<Problem>& problems() const noexcept { return problems_; }
  // What could be read despite the problems (null when the file could not be read): `--check`
  // goes on to check the plugins it names, so that one run lists every problem.
  const HostConfig* partial() const noexcept { return partial_.get(); }

 private:
  std::vector<Problem> problems_;
  std::shared_ptr<const HostConfig> partial_;
};

// Looks up an environment variable; injectable so tests need not touch the process environment.
using Environment = std::function<std::optional<std::string>(const std::string&)>;
Environment process_environment();

// A config file larger than this is refused: a config is a few KiB, and a huge or endless file
// (a device, a log given by mistake) must not fill memory.
inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;

// The whole file, or why not: errno's description, or that it is not a regular file (a
// directory, a FIFO, a device: never opened or never waited on) or too large.
Expected<std::string> read_whole_file(const std::string& path);

// One config file's text, read but not parsed.
struct ConfigText {
  std::string text;
  std::string name;                // the file's path, for messages
  std::filesystem::path base_dir;  // relative paths written in it are taken against it
  bool missing = false;  // no file: the built-in defaults, or an overlay the user has not written
};

// The files load_files reads, in merge order. Throws ConfigError naming each file that cannot be
// read.
std::vector<ConfigText> read_config_files(const std::string& base, const std::string& overlay);
// Parses, merges, expands and validates what read_config_files read.
HostConfig load_texts(const std::vector<ConfigText>& texts,
                      const Environment& env = process_environment());

// Reads, expands and validates one file (load_files without an overlay). Throws ConfigError
// listing every problem.
HostConfig load_file(const std::string& path, const Environment& env = process_environment());
HostConfig load_string(const std::string& yaml, const std::string& source_name,
                       const Environment& env = process_environment());

// The shipped config `base` with the user's `overlay` merged over it (rules in overlay.h); each
// problem names the file it is in. A missing overlay file is an empty one: the user has changed
// nothing yet. An empty `base` is the built-in defaults.
HostConfig load_files(const std::string& base, const std::string& overlay,
                      const Environment& env = process_environment());
// The same from text; relative paths are taken against the current folder.
HostConfig load_strings(const std::string& base_yaml, const std::string& base_name,
                        const std::string& overlay_yaml, const std::string& overlay_name,
                        const Environment& env = process_environment());

}  // namespace berth::config
