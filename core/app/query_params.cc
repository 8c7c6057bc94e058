#include "app/query_params.h"

#include <berth/http_error.h>

#include <charconv>

namespace berth::app {

std::optional<std::int64_t> integer_param(const Request& request, const std::string& name,
                                          std::int64_t min, std::int64_t max) {
  auto text = request.query_param(name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [stop, error] = std::from_chars(text->data(), end, value);
  bool digits_only = !text->empty() && (*text)[0] != '-';
  if (!digits_only || error != std::errc() || stop != end || value < min || value > max)
    throw HttpError(400,
                    name + ": expected an integer from " + std::to_string(min) + " to " +
                        std::to_string(max) + ", got '" + *text + "'",
                    {{"field", name}});
  return value;
}

}  // namespace berth::app
