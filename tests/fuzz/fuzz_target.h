#pragma once
// One fuzz target per parser. Under libFuzzer (BERTH_FUZZ=ON, clang) each target is its own
// executable and BERTH_FUZZ_TARGET defines libFuzzer's entry point; in every other build all
// targets are registered in one replay executable (replay_main.cc) that ctest runs over the
// committed corpora, so CI checks them with the ordinary compiler.
//
// A target returns normally for any input; a crash, a sanitizer report, an uncaught exception or a
// failed BERTH_FUZZ_CHECK is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace berth::fuzz {

using TargetFunction = int (*)(const std::uint8_t* data, std::size_t size);
bool register_target(const char* name, TargetFunction function);

[[noreturn]] inline void check_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, condition);
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace berth::fuzz

// An invariant the parser promises; abort() makes libFuzzer keep the input.
#define BERTH_FUZZ_CHECK(condition) \
  ((condition) ? void(0) : ::berth::fuzz::check_failed(#condition, __FILE__, __LINE__))

#ifdef BERTH_LIBFUZZER
#define BERTH_FUZZ_TARGET(name) \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
#else
#define BERTH_FUZZ_TARGET(name)                                             \
  static int berth_fuzz_##name(const std::uint8_t* data, std::size_t size); \
  [[maybe_unused]] static const bool berth_fuzz_registered_##name =         \
      ::berth::fuzz::register_target(#name, &berth_fuzz_##name);            \
  static int berth_fuzz_##name(const std::uint8_t* data, std::size_t size)
#endif
