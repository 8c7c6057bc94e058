#include "app/overlay_file.h"

#include "log/logger.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace berth::app {
namespace {

std::string overlay_guide(const std::string& shipped) {
  return "# Your changes to berth's configuration. berth merges this file over the shipped one,\n"
         "# " +
         shipped +
         ", at start and whenever this file changes. An update brings the new\n"
         "# release's shipped config and keeps what you write here.\n"
         "#\n"
         "# Maps merge key by key; `plugins` merge by name (an entry changes only the keys it "
         "sets,\n"
         "# a new name adds a plugin); other values and lists replace the shipped ones.\n"
         "# GET /_berth/config shows the merged config and the file and line of every value.\n"
         "#\n"
         "# plugins:\n"
         "#   - name: hello\n"
         "#     config: {greeting: hi}   # one key of a shipped plugin\n"
         "#   - name: docker\n"
         "#     enabled: false           # a shipped plugin turned off\n"
         "# log:\n"
         "#   level: debug               # needs a restart\n";
}

}  // namespace

void create_overlay_if_missing(const std::string& path, const std::string& shipped) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno != EEXIST)
      log::warn("cannot create the config overlay; berth runs on the shipped config",
                {{"file", path}, {"error", std::strerror(errno)}});
    return;
  }
  const std::string text = overlay_guide(shipped);
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) {
    log::warn("cannot write the config overlay", {{"file", path}, {"error", std::strerror(errno)}});
    ::unlink(path.c_str());
  }
}

}  // namespace berth::app
