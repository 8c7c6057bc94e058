#include "plugins/build_signature.h"

#include <berth/build_signature.h>

namespace berth::plugins {
namespace {
// Ruled on by check_sdk(), not by equality.
constexpr std::string_view kSdkField = "sdk";
}  // namespace

SignatureFields parse_signature(std::string_view signature) {
  SignatureFields fields;
  while (!signature.empty()) {
    auto end = signature.find(';');
    std::string_view item = signature.substr(0, end);
    auto eq = item.find('=');
    if (eq != std::string_view::npos)
      fields.emplace(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
    if (end == std::string_view::npos) break;
    signature.remove_prefix(end + 1);
  }
  return fields;
}

std::string signature_mismatch(std::string_view got, std::string_view expected) {
  SignatureFields g = parse_signature(got);
  SignatureFields e = parse_signature(expected);
  std::string out;
  auto note = [&](const std::string& key, const std::string& got_value,
                  const std::string& want_value) {
    if (!out.empty()) out += "; ";
    out += key + ": got " + got_value + ", expected " + want_value;
  };
  for (const auto& [key, want] : e) {
    if (key == kSdkField) continue;
    auto it = g.find(key);
    if (it == g.end())
      note(key, "nothing", want);
    else if (it->second != want)
      note(key, it->second, want);
  }
  for (const auto& [key, value] : g)
    if (key != kSdkField && !e.count(key)) note(key, value, "nothing");
  return out;
}

std::string_view host_signature() noexcept {
  return BERTH_BUILD_SIGNATURE;
}

}  // namespace berth::plugins
