#include "config/core_schema.h"

#include "config/units.h"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <string>

namespace berth::config {
namespace {

bool one_of(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (text == w) return true;
  }
  return false;
}

std::optional<std::int64_t> to_int(std::string_view digits, int base, bool negative) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (!negative && magnitude > kMax) return std::nullopt;
  if (negative && magnitude > kMax + 1) return std::nullopt;
  // Negating in unsigned arithmetic keeps INT64_MIN representable.
  return negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

// Skips [0-9]* from `i`; returns how many.
std::size_t skip_digits(std::string_view text, std::size_t& i) {
  const std::size_t begin = i;
  while (i < text.size() && is_ascii_digit(text[i])) ++i;
  return i - begin;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_core_float_number(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t whole = skip_digits(text, i);
  std::size_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction = skip_digits(text, i);
  }
  if (whole == 0 && fraction == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (skip_digits(text, i) == 0) return false;
  }
  return i == text.size();
}

}  // namespace

bool is_core_null(std::string_view text) {
  return one_of(text, {"", "~", "null", "Null", "NULL"});
}

std::optional<bool> core_bool(std::string_view text) {
  if (one_of(text, {"true", "True", "TRUE"})) return true;
  if (one_of(text, {"false", "False", "FALSE"})) return false;
  return std::nullopt;
}

std::optional<std::int64_t> core_int(std::string_view text) {
  if (text.starts_with("0o")) return to_int(text.substr(2), 8, false);
  if (text.starts_with("0x")) return to_int(text.substr(2), 16, false);
  const bool negative = text.starts_with('-');
  if (negative || text.starts_with('+')) text.remove_prefix(1);
  for (char c : text) {
    if (!is_ascii_digit(c)) return std::nullopt;
  }
  return to_int(text, 10, negative);
}

std::optional<double> core_float(std::string_view text) {
  const bool negative = text.starts_with('-');
  const std::string_view unsigned_text = text.substr(negative || text.starts_with('+') ? 1 : 0);
  if (one_of(unsigned_text, {".inf", ".Inf", ".INF"})) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (one_of(text, {".nan", ".NaN", ".NAN"})) return std::numeric_limits<double>::quiet_NaN();
  if (!is_core_float_number(text)) return std::nullopt;
  double value = 0;
  // from_chars takes neither a leading '+' nor locale decimal commas, unlike strtod.
  const std::string_view body = text.starts_with('+') ? text.substr(1) : text;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // strtod tells overflow (+-HUGE_VAL, i.e. inf) from underflow (0) for us.
    return std::strtod(std::string(body).c_str(), nullptr);
  }
  if (ec != std::errc() || end != body.data() + body.size()) return std::nullopt;
  return value;
}

nlohmann::json core_scalar(std::string_view text) {
  if (is_core_null(text)) return nullptr;
  if (const auto b = core_bool(text)) return *b;
  if (const auto i = core_int(text)) return *i;
  if (const auto f = core_float(text)) return *f;
  return std::string(text);
}

}  // namespace berth::config
