// Entry point: wiring only. Validation, storage and routes live in their own files.
#include "config_schema.h"
#include "migrations.h"
#include "note_store.h"
#include "notes_routes.h"

#include <berth/plugin.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace {

std::size_t positive_setting(const berth::Config& config, const std::string& key,
                             std::int64_t fallback) {
  auto value = berth::config_value<std::int64_t>(config, key, fallback);
  if (value < 1) throw std::invalid_argument(key + ": must be a positive integer");
  return static_cast<std::size_t>(value);
}

void register_notes(berth::PluginContext& context) {
  notes::Settings settings;
  settings.limits.max_title = positive_setting(context.config(), "max_title", 200);
  settings.limits.max_body_bytes = positive_setting(context.config(), "max_body_bytes", 100000);
  settings.mount = std::string(context.mount());
  context.storage().migrate(notes::migrations());
  auto store = std::make_shared<notes::NoteStore>(context.storage());
  notes::add_routes(context.routes(), store, settings);
}

}  // namespace

BERTH_PLUGIN(register_notes, .name = "notes", .version = "1.0.0",
             .description = "Notes with tags: REST CRUD at /notes, keyset pagination, ETags",
             .config_schema = notes::kConfigSchema)
