#include "routing/invalid_input.h"

namespace berth::routing {

Response invalid_input(const std::vector<contract::Violation>& violations) {
  return Response::error_json(400, contract::describe(violations),
                              {{"errors", contract::to_json(violations)}});
}

}  // namespace berth::routing
