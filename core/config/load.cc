#include "config/load.h"

#include "config/file_type.h"
#include "config/overlay.h"
#include "config/overrides.h"
#include "config/reader.h"
#include "config/schema.h"
#include "config/yaml_error.h"
#include "config/yaml_to_json.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
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

std::string too_large(std::uint64_t bytes) {
  return "the file is " + std::to_string(bytes) + " bytes, more than the limit of " +
         std::to_string(kMaxConfigFileBytes) + " bytes (1 MiB)";
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

// The file's one document (null when empty or unparsable; problems go to `reader`). Its lines are
// numbered after `first_line` (see SourceFile).
YAML::Node parse_document(Reader& reader, const ConfigText& input, int first_line) {
  std::string padded;
  if (first_line > 0) padded = std::string(first_line, '\n') + input.text;
  const std::string& text = first_line > 0 ? padded : input.text;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentCounter counter;
    while (counter.documents <= kMaxDocuments && parser.HandleNextDocument(counter)) {
    }
    if (counter.documents > 1) {
      const YAML::Mark at = counter.second.value_or(YAML::Mark::null_mark());
      const bool has_mark = !at.is_null() && at.line >= 0;
      reader.problem(
          has_mark ? reader.mark(at) : Mark{input.name, 0, 0}, "",
          "expected one YAML document, found " + (counter.documents > kMaxDocuments
                                                      ? "more than " + std::to_string(kMaxDocuments)
                                                      : std::to_string(counter.documents)));
    }
    if (counter.documents > 0) return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    reader.problems().push_back(yaml_problem(e, input.text, input.name, first_line));
  }
  return YAML::Node();
}

int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
}

HostConfig load(const std::vector<ConfigText>& inputs, const Environment& env) {
  std::vector<SourceFile> files;
  int first_line = 0;
  for (const ConfigText& input : inputs) {
    files.push_back(SourceFile{input.name, input.base_dir, first_line});
    first_line += line_count(input.text);
  }
  HostConfig config;
  config.source = inputs.front().name;
  if (inputs.size() > 1) config.overlay = inputs[1].name;
  Reader reader(files, env);
  YAML::Node root;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const YAML::Node document = parse_document(reader, inputs[i], files[i].first_line);
    root = i == 0 ? document : merge_overlay(reader, root, document);
  }
  read_host_config(reader, root, config);
  std::vector<Problem>& problems = reader.problems();
  apply_overrides(env, config, problems);
  if (!problems.empty())
    throw ConfigError(std::move(problems), std::make_shared<const HostConfig>(config));
  // Its own reader: the document's problems were all reported above.
  Reader shown(files, env);
  if (root.IsMap())
    config.document = yaml_to_json_as_written(shown, Slot{root, "", {}}, &config.origins);
  return config;
}

}  // namespace

Expected<std::string> read_whole_file(const std::string& path) {
  auto fail = [](std::string why) -> Expected<std::string> { return unexpected(std::move(why)); };
  auto errno_text = [] { return std::error_code(errno, std::generic_category()).message(); };
  // Refused before opening, so that a device is never opened, and again through the descriptor
  // in case the path was swapped in between. O_NONBLOCK: opening a FIFO must not wait for a
  // writer. POSIX read, not ifstream: ifstream "opens" a directory and reports nothing useful.
  auto refuse = [&](const struct stat& st) -> std::optional<std::string> {
    if (!S_ISREG(st.st_mode))
      return "it is " + std::string(file_type_name(st.st_mode)) + ", not a regular file";
    if (static_cast<std::uint64_t>(st.st_size) > kMaxConfigFileBytes) return too_large(st.st_size);
    return std::nullopt;
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail(errno_text());
  if (auto why = refuse(st)) return fail(*why);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return fail(errno_text());
  struct CloseFd {
    int fd;
    ~CloseFd() { ::close(fd); }
  } close_fd{fd};
  if (::fstat(fd, &st) != 0) return fail(errno_text());
  if (auto why = refuse(st)) return fail(*why);
  std::string content;
  content.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errno_text());
    content.append(buffer, static_cast<std::size_t>(n));
    // It grew while being read.
    if (content.size() > kMaxConfigFileBytes) return fail(too_large(content.size()));
  }
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

ConfigError::ConfigError(std::vector<Problem> problems, std::shared_ptr<const HostConfig> partial)
    : std::runtime_error(join_problems(problems)),
      problems_(std::move(problems)),
      partial_(std::move(partial)) {}

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

HostConfig load_file(const std::string& path, const Environment& env) {
  return load_files(path, "", env);
}

HostConfig load_string(const std::string& yaml, const std::string& source_name,
                       const Environment& env) {
  return load({{yaml, source_name, current_folder()}}, env);
}

std::vector<ConfigText> read_config_files(const std::string& base, const std::string& overlay) {
  std::vector<ConfigText> texts;
  std::vector<Problem> unreadable;
  auto read = [&](const std::string& path) {
    Expected<std::string> text = read_whole_file(path);
    if (!text) {
      unreadable.push_back(
          Problem{Mark{path, 0, 0}, "", "cannot read config file: " + text.error()});
      text = std::string();
    }
    texts.push_back({std::move(*text), path, folder_of(path)});
  };
  if (base.empty()) {
    texts.push_back({"", "<defaults>", current_folder(), true});
  } else {
    read(base);
  }
  if (!overlay.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(overlay, ec) || ec) {
      read(overlay);
    } else {
      texts.push_back({"", overlay, folder_of(overlay), true});
    }
  }
  if (!unreadable.empty()) throw ConfigError(std::move(unreadable));
  return texts;
}

HostConfig load_texts(const std::vector<ConfigText>& texts, const Environment& env) {
  return load(texts, env);
}

HostConfig load_files(const std::string& base, const std::string& overlay, const Environment& env) {
  return load(read_config_files(base, overlay), env);
}

HostConfig load_strings(const std::string& base_yaml, const std::string& base_name,
                        const std::string& overlay_yaml, const std::string& overlay_name,
                        const Environment& env) {
  return load(
      {{base_yaml, base_name, current_folder()}, {overlay_yaml, overlay_name, current_folder()}},
      env);
}

}  // namespace berth::config
