#pragma once
#include <berth/config.h>
#include <berth/routes.h>

#include <memory>
#include <mutex>
#include <string>

namespace hello {

// The greeting the routes answer with. Handlers read it on many threads while a config reload
// sets it, so it lives behind a mutex (a copy under the lock is all a reader does).
class Greeting {
 public:
  explicit Greeting(std::string text) : text_(std::move(text)) {}
  std::string get() const;
  void set(std::string text);

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

// `greeting` from the plugin's config section ("hello" when absent). Throws when it is not a
// string: at registration that fails the plugin, on a reload it refuses the new section.
std::string greeting_from(const berth::Config& config);

void add_routes(berth::Routes& routes, std::shared_ptr<const Greeting> greeting);

}  // namespace hello
