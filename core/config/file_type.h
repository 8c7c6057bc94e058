#pragma once
// Names what a path is when it is not the regular file that was expected.
#include <sys/types.h>

#include <string_view>

namespace berth::config {

// "a directory", "a FIFO", "a character device", ... for a stat() mode; "a regular file" too.
std::string_view file_type_name(mode_t mode) noexcept;

}  // namespace berth::config
