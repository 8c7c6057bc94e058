#pragma once
#include <berth/storage.h>

#include <vector>

namespace docker_plugin {

// events: the container lifecycle record (bounded); volume_sizes/volume_scan: the sizes cache.
const std::vector<berth::Migration>& migrations();

}  // namespace docker_plugin
