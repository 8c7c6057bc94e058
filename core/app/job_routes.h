#pragma once
// REST over the task host: start a plugin's job, follow it (long poll), list, cancel, and see
// periodic tasks and services.
#include "app/long_polls.h"
#include "routing/route_table.h"
#include "tasks/task_host.h"

#include <string>
#include <vector>

namespace berth::app {

// POST <mount>/jobs/<name> for each of the plugin's jobs, owned by the plugin.
std::vector<routing::Route> plugin_job_routes(tasks::TaskHost& tasks, const std::string& plugin,
                                              const std::string& mount,
                                              const std::vector<contract::JobContract>& jobs);

// GET /_berth/jobs, GET /_berth/jobs/:id[?wait=&version=], POST /_berth/jobs/:id/cancel,
// GET /_berth/tasks.
std::vector<routing::Route> builtin_job_routes(tasks::TaskHost& tasks, LongPolls& polls);

}  // namespace berth::app
