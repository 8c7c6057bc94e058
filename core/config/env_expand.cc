#include "config/env_expand.h"
#include "config/quote.h"

#include <optional>

namespace berth::config {
namespace {

// Built up through nested defaults; the text is unusable once there are errors.
struct Expansion {
  std::string text;
  std::vector<std::string> errors;
};

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

// Index of the "}" closing the "${" at `open`, skipping nested "${...}" and "$$" inside a
// default; npos when there is none.
std::size_t find_close(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && (text[i + 1] == '{' || text[i + 1] == '$')) {
      if (text[i + 1] == '{') ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

class Expander {
 public:
  explicit Expander(const Environment& env) : env_(env) {}

  void expand(std::string_view text, Expansion& out) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool dollar = text[i] == '$' && i + 1 < text.size();
      if (dollar && text[i + 1] == '$') {
        out.text += '$';
        ++i;
      } else if (dollar && text[i + 1] == '{') {
        const std::size_t close = find_close(text, i);
        if (close == std::string_view::npos) {
          out.errors.push_back("unterminated '${' in " + quote(text) +
                               " (write '$$' for a literal '$')");
          return;
        }
        reference(text.substr(i, close + 1 - i), out);
        i = close;
      } else {
        out.text += text[i];
      }
    }
  }

 private:
  // `ref` is the whole "${...}".
  void reference(std::string_view ref, Expansion& out) {
    const std::string_view inner = ref.substr(2, ref.size() - 3);
    std::size_t n = 0;
    if (!inner.empty() && is_name_start(inner[0])) {
      while (n < inner.size() && is_name_char(inner[n])) ++n;
    }
    const std::string name(inner.substr(0, n));
    const std::string_view rest = inner.substr(n);
    if (name.empty()) {
      out.errors.push_back(
          (inner.empty() ? "empty variable name in " : "invalid variable name in ") + quote(ref) +
          "; names are letters, digits and '_', not starting with a digit");
      return;
    }
    if (!rest.empty() && !rest.starts_with(":-")) {
      out.errors.push_back("invalid reference " + quote(ref) +
                           ": expected '}' or ':-default' after " + quote(name));
      return;
    }
    const std::optional<std::string> value = env_(name);
    if (rest.empty()) {
      if (value) {
        out.text += *value;
      } else {
        out.errors.push_back("environment variable " + quote(name) + " is not set and " +
                             quote(ref) + " has no default (write ${" + name + ":-default})");
      }
      return;
    }
    if (value && !value->empty()) {
      out.text += *value;
    } else {
      expand(rest.substr(2), out);
    }
  }

  const Environment& env_;
};

}  // namespace

Expected<std::string, std::vector<std::string>> expand_env(std::string_view text,
                                                           const Environment& env) {
  Expansion out;
  Expander(env).expand(text, out);
  if (!out.errors.empty()) return unexpected(std::move(out.errors));
  return std::move(out.text);
}

}  // namespace berth::config
