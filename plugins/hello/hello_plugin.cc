// Entry point: wiring only. The routes live in hello_routes.cc.
#include "config_schema.h"
#include "hello_routes.h"

#include <berth/plugin.h>

namespace {

void register_hello(berth::PluginContext& context) {
  auto greeting = std::make_shared<hello::Greeting>(hello::greeting_from(context.config()));
  hello::add_routes(context.routes(), greeting);
  // A new greeting applies live; a section whose greeting is not a string is refused by the throw.
  context.on_config([greeting, &log = context.log()](const berth::Config& next) {
    greeting->set(hello::greeting_from(next));
    log.info("greeting changed", {{"greeting", greeting->get()}});
  });
}

}  // namespace

BERTH_PLUGIN(register_hello, .name = "hello", .version = "1.1.0",
             .description = "Greets the frontend: GET /hello",
             .config_schema = hello::kConfigSchema)
