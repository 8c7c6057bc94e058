#pragma once
#include <berth/config.h>
#include <berth/guard.h>
#include <berth/log.h>
#include <berth/routes.h>
#include <berth/storage.h>
#include <berth/tasks.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace berth {

// What the host gives a plugin's register function. Valid until the plugin is stopped; nothing
// taken from it may be kept past the on_stop hooks.
class PluginContext {
 public:
  virtual ~PluginContext() = default;

  virtual std::string_view name() const noexcept = 0;
  // The path prefix the plugin's routes are mounted under ("/" or "/<name>" by default).
  virtual std::string_view mount() const noexcept = 0;
  virtual Routes& routes() noexcept = 0;
  virtual const Config& config() const noexcept = 0;
  virtual Logger& log() noexcept = 0;

  // Runs when the host stops the plugin (reverse start order). A throw is logged, not propagated.
  template <class F>
  void on_stop(F&& hook) {
    add_stop_hook([this, h = std::forward<F>(hook)]() mutable noexcept {
      std::string error = detail::run_guarded(h, detail::Thrown::type_and_message);
      if (!error.empty()) log().error("on_stop hook failed", {{"error", error}});
    });
  }

  // Fails the registration with a message (the same as throwing from the register function).
  virtual void fail(std::string_view message) noexcept = 0;

  // The plugin's own SQLite database, <data_dir>/plugins/<name>.db, opened on first use.
  virtual Storage& storage() noexcept = 0;

  // Periodic tasks, services and jobs; they start once registration succeeded.
  virtual Tasks& tasks() noexcept = 0;

  // Runs when the host's config file changes this plugin's `config:` section while it serves
  // (SDK 0.2). `handler(const Config& next)` applies `next`, or throws to reject it: the plugin
  // then keeps its old config and the host logs and reports the exception's type and text (an
  // HttpError's message alone). It runs on the host's reload thread while requests are served,
  // so what it changes must be safe to read concurrently (an atomic, or a value behind a mutex).
  // config() keeps returning the section the plugin registered with. A plugin without a handler is
  // reloaded instead: the host registers a fresh instance with the new section and swaps it in once
  // that succeeded.
  template <class F>
  void on_config(F&& handler) {
    set_config_handler([h = std::forward<F>(handler)](const Config& next) mutable noexcept {
      return detail::run_guarded([&] { h(next); }, detail::Thrown::type_and_message);
    });
  }

 protected:
  virtual void add_stop_hook(std::function<void()> hook) noexcept = 0;
  // New services are appended at the end, so that plugins built against an older SDK keep a
  // valid vtable prefix.
  // Since SDK 0.2. The handler returns an empty string when it applied the config, else why not.
  virtual void set_config_handler(std::function<std::string(const Config&)> handler) noexcept = 0;
};

}  // namespace berth
