#include "app/dev/script_injection.h"

#include <algorithm>
#include <cctype>

namespace berth::app::dev {
namespace {

std::size_t find_tag(std::string_view html, std::string_view lower_tag) {
  auto it =
      std::search(html.begin(), html.end(), lower_tag.begin(), lower_tag.end(),
                  [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it == html.end() ? std::string_view::npos : static_cast<std::size_t>(it - html.begin());
}

}  // namespace

std::string inject_client(std::string_view html) {
  std::size_t at = std::string_view::npos;
  // A classic <script src> blocks the parser: it has run before any later script, module or not.
  for (std::string_view tag : {"<script", "</head", "</body"})
    if ((at = find_tag(html, tag)) != std::string_view::npos) break;
  if (at == std::string_view::npos) at = 0;
  std::string out;
  out.reserve(html.size() + kClientTag.size() + 1);
  out.append(html.substr(0, at)).append(kClientTag).append("\n").append(html.substr(at));
  return out;
}

}  // namespace berth::app::dev
