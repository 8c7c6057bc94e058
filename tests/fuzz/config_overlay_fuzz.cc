// The shipped config and the user's overlay merged over it (core/config/overlay.cc). The input is
// both files: the base, a line "#--- overlay", then the overlay.
#include "config/load.h"
#include "config_fuzz_environment.h"
#include "fuzz_target.h"

#include <set>
#include <string>
#include <string_view>

BERTH_FUZZ_TARGET(config_overlay) {
  const std::string_view input = berth::fuzz::as_text(data, size);
  constexpr std::string_view kSeparator = "\n#--- overlay\n";
  const std::size_t at = input.find(kSeparator);
  const std::string base(input.substr(0, at));
  const std::string overlay(at == std::string_view::npos ? std::string_view()
                                                         : input.substr(at + kSeparator.size()));
  try {
    berth::config::HostConfig config = berth::config::load_strings(
        base, "base.yaml", overlay, "overlay.yaml", &berth::fuzz::config_fuzz_environment);
    // Merging by name leaves each plugin once.
    std::set<std::string> names;
    for (const auto& plugin : config.plugins) BERTH_FUZZ_CHECK(names.insert(plugin.name).second);
    (void)config.document.dump();
  } catch (const berth::config::ConfigError& e) {
    BERTH_FUZZ_CHECK(!e.problems().empty());
    // Every problem names the file it is in (or none, for what comes from no file).
    for (const auto& problem : e.problems()) {
      const std::string& file = problem.mark.file;
      BERTH_FUZZ_CHECK(file.empty() || file == "base.yaml" || file == "overlay.yaml");
    }
  }
  return 0;
}
