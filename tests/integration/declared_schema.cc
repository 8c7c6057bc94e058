#define VALIJSON_USE_EXCEPTIONS 1

#include "declared_schema.h"

#include <doctest/doctest.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace berth::test {

void check_declared(const nlohmann::json& document, const std::string& method,
                    const std::string& path, const HttpResult& answer) {
  CAPTURE(method + " " + path);
  CAPTURE(answer.body.substr(0, 300));
  const nlohmann::json& operation = document.at("paths").at(path).at(method);
  const std::string status = std::to_string(answer.status);
  REQUIRE_MESSAGE(operation.at("responses").contains(status), "undeclared status ", status);
  const nlohmann::json& declared = operation["responses"][status];
  if (!declared.contains("content")) {
    CHECK(answer.body.empty());
    return;
  }
  const nlohmann::json& schema = declared["content"]["application/json"]["schema"];
  valijson::Schema compiled;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema);
  parser.populateSchema(schema_adapter, compiled);
  const nlohmann::json body = answer.json();
  valijson::adapters::NlohmannJsonAdapter body_adapter(body);
  valijson::Validator validator;
  valijson::ValidationResults results;
  const bool valid = validator.validate(compiled, body_adapter, &results);
  std::string why;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    for (const auto& part : error.context) why += part;
    why += ": " + error.description + "\n";
  }
  CHECK_MESSAGE(valid, why);
}

}  // namespace berth::test
