#include "plugins/sdk_version.h"

#include <berth/version.h>

#include <doctest/doctest.h>

using namespace berth::plugins;

TEST_CASE("an SDK version is major.minor and nothing else") {
  CHECK(parse_sdk_version("0.3") == SdkVersion{0, 3});
  CHECK(parse_sdk_version("12.40") == SdkVersion{12, 40});
  for (const char* bad : {"", "0", "0.", ".3", "0.3.1", "v0.3", "0.x", "-1.3", "0.-3", "+0.3",
                          " 0.3", "0.3 ", "99999999999.1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_sdk_version(bad));
  }
  CHECK(SdkVersion{0, 4}.text() == "0.4");
  CHECK(host_sdk_version() == SdkVersion{BERTH_SDK_VERSION_MAJOR, BERTH_SDK_VERSION_MINOR});
}

TEST_CASE("a plugin of the host's SDK or an older minor of its major loads") {
  CHECK(check_sdk("0.4", {0, 4}));
  CHECK(check_sdk("0.3", {0, 4}));
  CHECK(check_sdk("0.0", {0, 4}));
  CHECK(check_sdk("1.2", {1, 7}));
}

TEST_CASE("a plugin of a newer SDK than the host is refused saying so") {
  CHECK(check_sdk("0.5", {0, 4}).error() ==
        "built against berth SDK 0.5, newer than this host's SDK 0.4: upgrade berth or rebuild the "
        "plugin against SDK 0.4");
  CHECK(check_sdk("1.0", {0, 4}).error() ==
        "built against berth SDK 1.0, newer than this host's SDK 0.4: upgrade berth or rebuild the "
        "plugin against SDK 0.4");
}

TEST_CASE("another major, or no readable SDK, is refused") {
  CHECK(check_sdk("0.9", {1, 0}).error() ==
        "built against berth SDK 0.9, an older major than this host's SDK 1.0: rebuild the plugin "
        "against SDK 1.0");
  CHECK(check_sdk("", {0, 4}).error() ==
        "build signature names no berth SDK (no sdk= field): rebuild the plugin against SDK 0.4");
  CHECK(check_sdk("0.4.1", {0, 4}).error() ==
        "built against berth SDK '0.4.1', not a major.minor this host understands: rebuild the "
        "plugin against SDK 0.4");
}
