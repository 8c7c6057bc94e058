#pragma once
// What a plugin and the host must agree on to share C++ types across the .so boundary: the SDK
// version, the compiler, its C++ ABI, the standard library and nlohmann::json (used by value).
// The host compares it field by field and names each field that differs.
#include <berth/version.h>

#include <nlohmann/json.hpp>

#include <cstddef>  // defines _GLIBCXX_USE_CXX11_ABI / _LIBCPP_VERSION

#define BERTH_STR_DETAIL_(x) #x
#define BERTH_STR_(x) BERTH_STR_DETAIL_(x)

#if defined(__clang__)
#define BERTH_COMPILER_ "clang-" BERTH_STR_(__clang_major__)
#elif defined(__GNUC__)
#define BERTH_COMPILER_ "gcc-" BERTH_STR_(__GNUC__)
#else
#define BERTH_COMPILER_ "unknown"
#endif

#if defined(__GXX_ABI_VERSION)
#define BERTH_CXXABI_ BERTH_STR_(__GXX_ABI_VERSION)
#else
#define BERTH_CXXABI_ "unknown"
#endif

#if defined(_LIBCPP_VERSION)
#define BERTH_STDLIB_ "libc++-" BERTH_STR_(_LIBCPP_ABI_VERSION)
#elif defined(_GLIBCXX_USE_CXX11_ABI)
#define BERTH_STDLIB_ "libstdc++-cxx11abi" BERTH_STR_(_GLIBCXX_USE_CXX11_ABI)
#else
#define BERTH_STDLIB_ "unknown"
#endif

#define BERTH_JSON_                                                                   \
  BERTH_STR_(NLOHMANN_JSON_VERSION_MAJOR)                                             \
  "." BERTH_STR_(NLOHMANN_JSON_VERSION_MINOR) "." BERTH_STR_(NLOHMANN_JSON_VERSION_PATCH)

#define BERTH_SDK_MAJOR_MINOR_ \
  BERTH_STR_(BERTH_SDK_VERSION_MAJOR) "." BERTH_STR_(BERTH_SDK_VERSION_MINOR)

#ifndef BERTH_BUILD_SIGNATURE
#define BERTH_BUILD_SIGNATURE                                                                \
  "sdk=" BERTH_SDK_MAJOR_MINOR_ ";compiler=" BERTH_COMPILER_ ";cxxabi=" BERTH_CXXABI_ \
  ";stdlib=" BERTH_STDLIB_ ";json=" BERTH_JSON_
#endif
