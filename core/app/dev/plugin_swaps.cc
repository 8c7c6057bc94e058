#include "app/dev/plugin_swaps.h"

#include "log/log_ring.h"
#include "plugins/plugin_manager.h"

namespace berth::app::dev {
namespace {

constexpr std::string_view kSwapped = plugins::kLibrarySwappedMessage;
constexpr std::string_view kRefused = plugins::kLibraryRefusedMessage;

}  // namespace

nlohmann::json plugin_swaps_after(std::optional<std::uint64_t> after) {
  log::RingQuery query;
  query.after = after;
  query.limit = after ? 50 : 1;
  query.hide = [](const log::RingLine& line) {
    return line.msg != kSwapped && line.msg != kRefused;
  };
  const log::RingPage page = log::ring().read(query);
  nlohmann::json swaps = nlohmann::json::array();
  if (after) {
    for (const auto& line : page.lines) {
      auto fields = nlohmann::json::parse(line.fields, nullptr, false);
      swaps.push_back({{"seq", line.seq},
                       {"plugin", line.plugin},
                       {"swapped", line.msg == kSwapped},
                       {"error", fields.is_object() ? fields.value("error", "") : ""}});
    }
  }
  return {{"next", page.next}, {"swaps", swaps}};
}

}  // namespace berth::app::dev
