#pragma once
// yaml-cpp's parse errors made useful: what went wrong and where the user should look.
#include "config/load.h"

#include <yaml-cpp/exceptions.h>

#include <string>

namespace berth::config {

// The problem for a YAML::Exception thrown while parsing `yaml` (the text of `source`), which was
// parsed after `first_line` blank lines (see SourceFile): the error's mark counts them.
// yaml-cpp stops at a fixed nesting depth with only "bad file": that is said, with the depth. A
// quoted scalar left open runs on to the next quote in the file, so yaml-cpp's position can be
// many lines below the mistake: the problem is then placed where that scalar opened.
Problem yaml_problem(const YAML::Exception& error, const std::string& yaml,
                     const std::string& source, int first_line);

}  // namespace berth::config
