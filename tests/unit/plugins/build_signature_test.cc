#include "plugins/build_signature.h"

#include <berth/version.h>

#include <doctest/doctest.h>

using namespace berth::plugins;

TEST_CASE("signatures are compared field by field") {
  CHECK(signature_mismatch("sdk=0.1;compiler=gcc-12", "sdk=0.1;compiler=gcc-12").empty());
  CHECK(signature_mismatch("sdk=0.1;compiler=clang-14;json=3.10.5",
                           "sdk=0.1;compiler=gcc-12;json=3.11.2") ==
        "compiler: got clang-14, expected gcc-12; json: got 3.10.5, expected 3.11.2");
  CHECK(signature_mismatch("sdk=0.1", "sdk=0.1;json=3.11.2") ==
        "json: got nothing, expected 3.11.2");
  CHECK(signature_mismatch("sdk=0.1;extra=1", "sdk=0.1") == "extra: got 1, expected nothing");
}

TEST_CASE("the sdk field is left to the SDK rule, not compared for equality") {
  CHECK(signature_mismatch("sdk=0.3;compiler=gcc-12", "sdk=0.4;compiler=gcc-12").empty());
  CHECK(signature_mismatch("sdk=0.9;compiler=gcc-12", "sdk=0.4;compiler=gcc-12").empty());
  CHECK(signature_mismatch("compiler=gcc-12", "sdk=0.4;compiler=gcc-12").empty());
  CHECK(signature_mismatch("sdk=0.2;compiler=clang-14", "sdk=0.1;compiler=gcc-12") ==
        "compiler: got clang-14, expected gcc-12");
}

TEST_CASE("the host signature names SDK, compiler, C++ ABI, standard library and JSON") {
  auto fields = parse_signature(host_signature());
  for (const char* key : {"sdk", "compiler", "cxxabi", "stdlib", "json"}) {
    CAPTURE(key);
    CHECK(fields.count(key) == 1);
  }
  CHECK(fields["sdk"] ==
        std::to_string(BERTH_SDK_VERSION_MAJOR) + "." + std::to_string(BERTH_SDK_VERSION_MINOR));
}
