#include "etag.h"

#include <vector>

namespace notes {
namespace {

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_list(std::string_view header) {
  std::vector<std::string_view> items;
  while (true) {
    auto comma = header.find(',');
    auto item = trim_ows(header.substr(0, comma));
    if (!item.empty()) items.push_back(item);
    if (comma == std::string_view::npos) return items;
    header.remove_prefix(comma + 1);
  }
}

std::string_view strip_weak(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string format_etag(std::int64_t id, std::int64_t revision) {
  return "\"" + std::to_string(id) + "-" + std::to_string(revision) + "\"";
}

bool if_match(std::string_view header, std::string_view current) {
  if (trim_ows(header) == "*") return true;
  for (auto tag : split_list(header))
    if (tag == current) return true;  // W/"x" differs from "x": the strong comparison
  return false;
}

bool if_none_match_hits(std::string_view header, std::string_view current) {
  if (trim_ows(header) == "*") return true;
  for (auto tag : split_list(header))
    if (strip_weak(tag) == strip_weak(current)) return true;
  return false;
}

}  // namespace notes
