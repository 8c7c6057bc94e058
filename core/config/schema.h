#pragma once
// The berth.yaml schema: which keys exist and what each accepts.
#include "config/host_config.h"
#include "config/reader.h"

namespace berth::config {

// Fills `config` from the document `root` (null: all defaults); problems go to `reader`.
void read_host_config(Reader& reader, const YAML::Node& root, HostConfig& config);

}  // namespace berth::config
