// The same handler behind routes that declare nothing and routes with schemas, for
// bench/contract.sh: what the host's input checks cost, and that undeclared routes pay nothing.
#include <berth/plugin.h>

namespace {

using nlohmann::literals::operator""_json;

berth::Response answer(berth::Request&) {
  return berth::Response::json({{"ok", true}});
}

void register_contract_bench(berth::PluginContext& context) {
  auto& routes = context.routes();
  routes.get("/plain", answer);
  routes.post("/plain", answer);
  routes.get("/checked", answer,
             {.name = "getChecked",
              .query_schema = R"({"type": "object", "properties": {
                  "limit": {"type": "integer", "minimum": 1, "maximum": 100},
                  "q": {"type": "string", "maxLength": 100}}})"_json});
  // A note-shaped body: the shape the shipped notes plugin declares.
  routes.post("/checked", answer,
              {.name = "postChecked",
               .body_schema = R"({"type": "object", "additionalProperties": false,
                   "required": ["title"], "properties": {
                     "title": {"type": "string", "maxLength": 200},
                     "body": {"type": "string", "maxLength": 100000},
                     "tags": {"type": "array", "maxItems": 32,
                              "items": {"type": "string", "maxLength": 64}}}})"_json});
}

}  // namespace

BERTH_PLUGIN(register_contract_bench, .name = "contract_bench", .version = "1.0.0",
             .description = "Schema-check benchmark")
