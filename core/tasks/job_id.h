#pragma once
#include <string>

namespace berth::tasks {

// 12 hex digits of the Unix time in ms + 8 hex digits: URL-safe, unique, and increasing within
// the process (within one millisecond the suffix counts up from a random start), so that sorting
// by id sorts by creation.
std::string new_job_id();

}  // namespace berth::tasks
