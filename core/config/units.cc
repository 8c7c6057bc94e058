#include "config/units.h"
#include "config/quote.h"

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>

namespace berth::config {
namespace {

struct Unit {
  std::string_view name;
  std::uint64_t factor;
};

constexpr std::array<Unit, 5> kDurationUnits{
    {{"", 1}, {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}}};

constexpr std::uint64_t kKi = 1024;
constexpr std::array<Unit, 12> kSizeUnits{{{"", 1},
                                           {"B", 1},
                                           {"KiB", kKi},
                                           {"MiB", kKi* kKi},
                                           {"GiB", kKi* kKi* kKi},
                                           {"KB", 1000},
                                           {"MB", 1000'000},
                                           {"GB", 1000'000'000},
                                           {"k", kKi},
                                           {"K", kKi},
                                           {"M", kKi* kKi},
                                           {"G", kKi* kKi* kKi}}};

// What a grammar is called in messages.
struct Words {
  std::string_view noun;              // "duration"
  std::string_view unit_list;         // "ms, s, m, h"
  std::string_view example;           // "250ms, 10s, ..."
  std::string_view fraction_example;  // "1500ms for 1.5s"
};

const Unit* find_unit(std::span<const Unit> units, std::string_view name) {
  for (const Unit& u : units) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

// The shared grammar: optional sign, digits, optional blanks, unit. Returns base units.
// The sign is accepted only to tell "negative" apart from "not a number".
Expected<std::uint64_t> parse_amount(std::string_view text, std::span<const Unit> units,
                                     std::uint64_t max, const Words& words) {
  const std::string noun(words.noun);
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative || (!text.empty() && text[0] == '+')) i = 1;
  const std::size_t digits_begin = i;
  std::uint64_t number = 0;
  bool overflow = false;
  for (; i < text.size() && is_ascii_digit(text[i]); ++i) {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (number > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
    if (!overflow) number = number * 10 + digit;
  }
  if (i == digits_begin) {
    return unexpected("expected a " + noun + " such as " + std::string(words.example) + ", got " +
                      quote(text));
  }
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  const std::string_view unit_name = text.substr(i);
  const Unit* unit = find_unit(units, unit_name);
  if (unit == nullptr && (unit_name.starts_with('.') || unit_name.starts_with(','))) {
    return unexpected("a " + noun + " must be a whole number (use a smaller unit, e.g. " +
                      std::string(words.fraction_example) + "), got " + quote(text));
  }
  if (unit == nullptr) {
    return unexpected("unknown " + noun + " unit " + quote(unit_name) + " in " + quote(text) +
                      "; expected one of: " + std::string(words.unit_list));
  }
  if (negative && number != 0) {
    return unexpected("a " + noun + " must not be negative, got " + quote(text));
  }
  if (overflow || number > max / unit->factor) {
    return unexpected(noun + " " + quote(text) + " is too large");
  }
  return number * unit->factor;
}

}  // namespace

Expected<std::chrono::milliseconds> parse_duration(std::string_view text) {
  const auto max = static_cast<std::uint64_t>(std::chrono::milliseconds::max().count());
  static constexpr Words kWords{"duration", "ms, s, m, h",
                                "250ms, 10s, 2m or 1h (a bare number is milliseconds)",
                                "1500ms for 1.5s"};
  auto ms = parse_amount(text, kDurationUnits, max, kWords);
  if (!ms) return unexpected(std::move(ms).error());
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(*ms));
}

Expected<std::size_t> parse_size(std::string_view text) {
  static constexpr Words kWords{"size", "B, KiB, MiB, GiB, KB, MB, GB, k, K, M, G",
                                "4096, 64KiB or 1MiB", "1536KiB for 1.5MiB"};
  auto bytes = parse_amount(text, kSizeUnits, std::numeric_limits<std::size_t>::max(), kWords);
  if (!bytes) return unexpected(std::move(bytes).error());
  return static_cast<std::size_t>(*bytes);
}

std::string format_duration(std::chrono::milliseconds d) {
  const auto ms = d.count();
  for (const auto& [unit, factor] : {std::pair{"h", 3'600'000LL}, {"m", 60'000LL}, {"s", 1000LL}}) {
    if (ms != 0 && ms % factor == 0) return std::to_string(ms / factor) + unit;
  }
  return std::to_string(ms) + "ms";
}

}  // namespace berth::config
