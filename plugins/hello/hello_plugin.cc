// Entry point: wiring only. The routes live in hello_routes.cc.
#include "hello_routes.h"

#include <berth/plugin.h>

namespace {

void register_hello(berth::PluginContext& context) {
  hello::Settings settings;
  settings.greeting = berth::config_value<std::string>(context.config(), "greeting", "hello");
  hello::add_routes(context.routes(), settings);
}

}  // namespace

BERTH_PLUGIN(register_hello, .name = "hello", .version = "1.0.0",
             .description = "Greets the frontend: GET /hello")
