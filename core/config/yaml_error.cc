#include "config/yaml_error.h"

#include <yaml-cpp/depthguard.h>

#include <optional>
#include <string_view>

namespace berth::config {
namespace {

struct Position {
  int line = 0;  // 1-based
  int column = 0;
};

// Where a quoted scalar may begin: at the start of the line's content, or after "- ", ": ",
// "[", "{", "," (then spaces). Elsewhere a quote is part of a plain scalar ("don't").
bool may_open_scalar(std::string_view line, std::size_t at) {
  std::size_t i = at;
  while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t')) --i;
  if (i == 0) return true;
  const char before = line[i - 1];
  if (before == '[' || before == '{' || before == ',') return true;
  return (before == '-' || before == ':' || before == '?') && i < at;
}

// The column (0-based) just past the quote closing the scalar opened at `open`, or npos.
std::size_t closing_quote(std::string_view line, std::size_t open) {
  const char quote = line[open];
  for (std::size_t i = open + 1; i < line.size(); ++i) {
    if (quote == '"' && line[i] == '\\') {
      ++i;
    } else if (line[i] == quote) {
      if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
        ++i;  // '' is a quote inside a single-quoted scalar
        continue;
      }
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The first quoted scalar of `line` that is not closed on it (column, 0-based).
std::optional<std::size_t> open_quote(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return std::nullopt;
    if ((c == '"' || c == '\'') && may_open_scalar(line, i)) {
      const std::size_t end = closing_quote(line, i);
      if (end == std::string_view::npos) return i;
      i = end - 1;
    }
  }
  return std::nullopt;
}

// The last quoted scalar left open on its line, on a line before `error_line` (1-based).
std::optional<Position> unclosed_quote_before(const std::string& yaml, int error_line) {
  std::optional<Position> found;
  std::size_t start = 0;
  for (int line = 1; line < error_line && start <= yaml.size(); ++line) {
    std::size_t end = yaml.find('\n', start);
    if (end == std::string::npos) end = yaml.size();
    std::string_view text(yaml.data() + start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (auto column = open_quote(text)) found = Position{line, static_cast<int>(*column) + 1};
    start = end + 1;
  }
  return found;
}

}  // namespace

Problem yaml_problem(const YAML::Exception& error, const std::string& yaml,
                     const std::string& source, int first_line) {
  // ParserException mostly; its mark is 0-based like Node::Mark().
  const bool has_mark = !error.mark.is_null() && error.mark.line >= first_line;
  const Position at{has_mark ? error.mark.line - first_line + 1 : 0,
                    has_mark ? error.mark.column + 1 : 0};
  if (const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&error)) {
    return Problem{Mark{source, at.line, at.column}, "",
                   "invalid YAML: maps and lists nested deeper than " +
                       std::to_string(deep->depth()) +
                       " levels, the most the YAML parser reads"};
  }
  if (has_mark) {
    if (auto open = unclosed_quote_before(yaml, at.line)) {
      return Problem{Mark{source, open->line, open->column}, "",
                     "invalid YAML: the quoted value that opens here is not closed on its line, "
                     "so it ran on to the next quote; the parser then failed at " +
                         std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                         error.msg + " (is a closing quote missing?)"};
    }
  }
  return Problem{Mark{source, at.line, at.column}, "", "invalid YAML: " + error.msg};
}

}  // namespace berth::config
