// The descriptor checks against hand-made descriptors, and the SDK-compatibility fixtures: sdk03
// (built against the frozen SDK 0.3 headers) and newer_sdk (claims the host's minor + 1).
#include "plugins/plugin_library.h"
#include "plugins/build_signature.h"
#include "plugins/descriptor_fields.h"
#include "plugins/sdk_version.h"
#include "support/berth_process.h"

#include <berth/version.h>

#include <doctest/doctest.h>

#include <cstdlib>

using namespace berth;
using namespace berth::plugins;
using berth::test::build_path;

namespace {

int never_registers(PluginContext*, char*, std::size_t) noexcept {
  std::abort();
}

// The host's signature with its sdk field replaced: a plugin of the same toolchain and that SDK.
std::string signature_with_sdk(const std::string& sdk) {
  std::string signature(host_signature());
  auto end = signature.find(';');
  return "sdk=" + sdk + signature.substr(end);
}

PluginDescriptor descriptor_of(const char* signature) {
  return PluginDescriptor{kAbiVersion, static_cast<std::uint32_t>(kMinDescriptorSize),
                          "made",      "1.0.0",
                          "",          signature,
                          "",          &never_registers,
                          nullptr};
}

// What the descriptor would be after an SDK minor appended a field to it.
struct LaterDescriptor : PluginDescriptor {
  const char* appended = nullptr;
};

const std::string kNewer =
    std::to_string(BERTH_SDK_VERSION_MAJOR) + "." + std::to_string(BERTH_SDK_VERSION_MINOR + 1);
const std::string kHost =
    std::to_string(BERTH_SDK_VERSION_MAJOR) + "." + std::to_string(BERTH_SDK_VERSION_MINOR);

std::string newer_refusal(const std::string& file) {
  return file + ": built against berth SDK " + kNewer + ", newer than this host's SDK " + kHost +
         ": upgrade berth or rebuild the plugin against SDK " + kHost;
}

}  // namespace

TEST_CASE("a descriptor of ABI 3's first size is accepted; a shorter one is refused") {
  const std::string signature(host_signature());
  PluginDescriptor d = descriptor_of(signature.c_str());
  CHECK(check_descriptor("made.so", &d));
  d.struct_size = static_cast<std::uint32_t>(kMinDescriptorSize - sizeof(const char*));
  CHECK(check_descriptor("made.so", &d).error() ==
        "made.so: plugin descriptor is " + std::to_string(d.struct_size) +
            " bytes, host expects at least " + std::to_string(kMinDescriptorSize));
}

TEST_CASE("a descriptor field is read only when struct_size covers it") {
  PluginDescriptor d = descriptor_of("");
  CHECK(descriptor_field(d, &PluginDescriptor::config_schema) == &d.config_schema);
  d.struct_size = static_cast<std::uint32_t>(offsetof(PluginDescriptor, config_schema));
  CHECK(descriptor_field(d, &PluginDescriptor::config_schema) == nullptr);
  CHECK(descriptor_field(d, &PluginDescriptor::depends) == &d.depends);

  // A host whose SDK appended a field, reading a plugin that was built before it.
  LaterDescriptor later{descriptor_of(""), "new"};
  CHECK(later.struct_size == kMinDescriptorSize);
  CHECK(descriptor_field(later, &LaterDescriptor::appended) == nullptr);
  later.struct_size = sizeof(LaterDescriptor);
  CHECK(descriptor_field(later, &LaterDescriptor::appended) == &later.appended);
}

TEST_CASE("the SDK field is ruled on: an older minor loads, a newer one is refused") {
  const std::string older = signature_with_sdk("0.3"), newer = signature_with_sdk(kNewer);
  PluginDescriptor d = descriptor_of(older.c_str());
  CHECK(check_descriptor("old.so", &d));
  d.build_signature = newer.c_str();
  CHECK(check_descriptor("new.so", &d).error() == newer_refusal("new.so"));
  const std::string host(host_signature());
  const std::string none = host.substr(host.find(';') + 1);
  d.build_signature = none.c_str();
  CHECK(check_descriptor("none.so", &d).error() ==
        "none.so: build signature names no berth SDK (no sdk= field): rebuild the plugin against "
        "SDK " +
            kHost);
}

TEST_CASE("sdk03, built against the frozen 0.3 headers, says sdk=0.3 and loads") {
  const auto path = build_path("fixtures/sdk03.so");
  auto inspected = inspect_plugin_library(path);
  REQUIRE(inspected);
  const InspectResult& r = *inspected;
  REQUIRE(r.fields_readable);
  CHECK(r.name == "sdk03");
  CHECK(r.version == "0.3.7");
  CHECK(r.abi_version == BERTH_ABI_VERSION);
  CHECK(parse_signature(r.build_signature).at("sdk") == "0.3");
  // Its toolchain is the host's, so nothing but the SDK level tells it apart.
  CHECK(signature_mismatch(r.build_signature, host_signature()).empty());
  // 0.3's descriptor is the first ABI-3 one: the smallest this host accepts.
  CHECK(r.struct_size == kMinDescriptorSize);
  CHECK(r.loadable);
  auto opened = open_plugin_library(path);
  REQUIRE(opened);
  CHECK(std::string((*opened)->descriptor().name) == "sdk03");
}

TEST_CASE("newer_sdk is refused for its SDK alone, and still inspected") {
  const auto path = build_path("fixtures/newer_sdk.so");
  auto inspected = inspect_plugin_library(path);
  REQUIRE(inspected);
  const InspectResult& r = *inspected;
  CHECK(r.fields_readable);
  CHECK(r.name == "newer_sdk");
  CHECK(parse_signature(r.build_signature).at("sdk") == kNewer);
  CHECK(signature_mismatch(r.build_signature, host_signature()).empty());
  REQUIRE_FALSE(r.loadable);
  CHECK(r.loadable.error() == newer_refusal(path.string()));
  auto opened = open_plugin_library(path);
  REQUIRE_FALSE(opened);
  CHECK(opened.error() == newer_refusal(path.string()));
}
