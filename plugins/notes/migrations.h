#pragma once
#include <berth/storage.h>

#include <vector>

namespace notes {

// The schema's history. Append only: an applied migration whose text changed fails the plugin's
// start (the host checksums them).
std::vector<berth::Migration> migrations();

}  // namespace notes
