#pragma once
// The SDK's version. A plugin records major.minor in its build signature. A host loads a plugin of
// the same major and the same or an older minor, never a newer one: a minor only appends (virtuals
// at the end of host-implemented interfaces, descriptor fields), so an older plugin sees a prefix
// of what the host offers, while a newer one may call what this host does not have.
// (docs/plugin-guide.md, "SDK versions and compatibility".)
#define BERTH_SDK_VERSION_MAJOR 0
#define BERTH_SDK_VERSION_MINOR 4
#define BERTH_SDK_VERSION_PATCH 0
#define BERTH_SDK_VERSION_STRING "0.4.0"

// Bumped (with the SDK's minor, while the major is 0) whenever a change is not an append: a layout
// shared by value, an existing virtual or descriptor field changes. The host loads only its own.
#define BERTH_ABI_VERSION 3
