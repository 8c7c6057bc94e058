#include "plugins/build_signature.h"

#include <berth/version.h>

#include <doctest/doctest.h>

using namespace berth::plugins;

TEST_CASE("signatures are compared field by field") {
  CHECK(signature_mismatch("sdk=0.1;compiler=gcc-12", "sdk=0.1;compiler=gcc-12").empty());
  CHECK(signature_mismatch("sdk=0.2;compiler=clang-14", "sdk=0.1;compiler=gcc-12") ==
        "compiler: got clang-14, expected gcc-12; sdk: got 0.2, expected 0.1");
  CHECK(signature_mismatch("sdk=0.1", "sdk=0.1;json=3.11.2") ==
        "json: got nothing, expected 3.11.2");
  CHECK(signature_mismatch("sdk=0.1;extra=1", "sdk=0.1") == "extra: got 1, expected nothing");
}

TEST_CASE("the host signature names SDK, compiler, C++ ABI, standard library and JSON") {
  auto fields = parse_signature(host_signature());
  for (const char* key : {"sdk", "compiler", "cxxabi", "stdlib", "json"}) {
    CAPTURE(key);
    CHECK(fields.count(key) == 1);
  }
  CHECK(fields["sdk"] == std::to_string(BERTH_SDK_VERSION_MAJOR) + "." +
                        std::to_string(BERTH_SDK_VERSION_MINOR));
}
