#pragma once
// Comparing a plugin's build signature ("sdk=0.4;compiler=gcc-12;...") with the host's.
#include <map>
#include <string>
#include <string_view>

namespace berth::plugins {

using SignatureFields = std::map<std::string, std::string, std::less<>>;

SignatureFields parse_signature(std::string_view signature);

// Empty when compatible; otherwise one clause per differing field:
// "compiler: got clang-14, expected gcc-12; json: got 3.10.5, expected 3.11.2".
// Every field must be equal except `sdk`, which is not compared here: an older SDK minor is
// compatible, and check_sdk() (sdk_version.h) says which. A description of the differences, not
// a failure: check_descriptor() makes the refusal out of it, `berth inspect` tests show it.
std::string signature_mismatch(std::string_view got, std::string_view expected);

// The host's own signature: what a plugin built with this SDK and toolchain carries.
std::string_view host_signature() noexcept;

}  // namespace berth::plugins
