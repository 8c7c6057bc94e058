#pragma once
// The SDK's version. A plugin records it in its build signature; the host refuses a plugin built
// against another major.minor, because the SDK's C++ types are shared by layout.
#define BERTH_SDK_VERSION_MAJOR 0
#define BERTH_SDK_VERSION_MINOR 3
#define BERTH_SDK_VERSION_PATCH 0
#define BERTH_SDK_VERSION_STRING "0.3.0"

// Bumped whenever PluginDescriptor or a virtual interface in the SDK changes incompatibly.
#define BERTH_ABI_VERSION 3
