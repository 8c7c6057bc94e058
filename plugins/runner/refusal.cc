#include "refusal.h"

#include <nlohmann/json.hpp>

namespace runner {
namespace {

using Pointer = nlohmann::json::json_pointer;

berth::HttpError refused(const std::string& where, const Pointer& at, const std::string& problem) {
  nlohmann::json error = {{"in", "body"}, {"path", at.to_string()}, {"message", problem}};
  return berth::HttpError(400, where + ": " + problem,
                          {{"errors", nlohmann::json::array({std::move(error)})}});
}

}  // namespace

berth::HttpError refusal(const std::string& field, const std::string& problem) {
  return refused(field, Pointer() / field, problem);
}

berth::HttpError arg_refusal(const std::string& key, const std::string& problem) {
  return refused("args." + key, Pointer() / "args" / key, problem);
}

}  // namespace runner
