#pragma once
#include <berth/routes.h>

#include <string>

namespace hello {

struct Settings {
  std::string greeting = "hello";
};

void add_routes(berth::Routes& routes, const Settings& settings);

}  // namespace hello
