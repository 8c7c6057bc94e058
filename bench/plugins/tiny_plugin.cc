// A plugin with one route, built BERTH_BENCH_PLUGIN_COUNT times under different names (tiny1,
// tiny2, ...) so that bench/run.sh can time start-up with 1, 10 and 100 plugins. The descriptor
// name must equal the name in the config, so each copy links a one-line file defining
// `berth_bench_plugin_name`; this file is compiled once.
#include <berth/plugin.h>

extern const char berth_bench_plugin_name[];

namespace {
void register_tiny(berth::PluginContext& context) {
  context.routes().get("/ping", [](berth::Request&) { return nlohmann::json{{"pong", true}}; },
                       {.non_blocking = true});
}
}  // namespace

BERTH_PLUGIN(register_tiny, .name = berth_bench_plugin_name, .version = "1.0.0",
             .description = "Start-up benchmark filler")
