#pragma once
// The flags that say which config the host serves and how (--config, --overlay, --socket, --tcp,
// --data-dir, ...), shared by `berth` itself and `berth dev`, which runs the same host: one
// definition, so that both read a config the same way.
#include "app/host.h"
#include "config/host_config.h"
#include "config/load.h"

#include <CLI/CLI.hpp>

#include <map>
#include <optional>
#include <string>

namespace berth::app {

struct HostFlags {
  std::string config_path;   // $BERTH_CONFIG or /etc/berth/berth.yaml when it exists
  std::string overlay_path;  // $BERTH_CONFIG_OVERLAY
  // BERTH_* variable -> the value a flag gave. Flags go through the same override path as the
  // variables, so they are validated with the same rules.
  std::map<std::string, std::string> overrides;
  bool no_config_watch = false;

  HostFlags();
  // Flags over the process's variables.
  config::Environment environment() const;
};

// Adds the flags to `app`; `flags` must outlive its parsing.
void add_host_flags(CLI::App& app, HostFlags& flags);

// The config the flags name. On a problem prints every one (with `check`, the plugins' own
// sections too), sets `exit_code` to 2 and returns nothing.
std::optional<config::HostConfig> load_host_config(const HostFlags& flags, bool check,
                                                   int& exit_code);

// Where the config came from, for run_host to read it again.
ConfigSource config_source(const HostFlags& flags);

// The log as the config sets it up, for the life of the host; flushed at the end.
class HostLog {
 public:
  explicit HostLog(const config::HostConfig& config);
  ~HostLog();
  HostLog(const HostLog&) = delete;
  HostLog& operator=(const HostLog&) = delete;
};

}  // namespace berth::app
