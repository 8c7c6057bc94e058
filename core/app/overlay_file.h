#pragma once
// The user's overlay file, created with a commented guide when it does not exist yet, so that a
// user who opens the config folder finds where edits go and what they may say.
#include <string>

namespace berth::app {

// Creates `path` (and its folder) with only comments in it; nothing when it exists. Failures are
// logged: berth runs as well without the file.
void create_overlay_if_missing(const std::string& path, const std::string& shipped);

}  // namespace berth::app
