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
//
// The host implements it and a plugin calls it through the vtable the plugin was compiled with, so
// a new SDK minor may only add virtuals after the last one declared (public or protected: the
// vtable follows declaration order, not access), each marked with the SDK it appeared in. A plugin
// built against an older minor then uses a prefix of this host's vtable; reordering, removing or
// changing a virtual's signature bumps BERTH_ABI_VERSION.
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

  // Runs once the registration succeeded and the plugin serves: its routes are in the table and
  // its tasks started (SDK 0.4). What must not happen for a registration that is then rolled back
  // (a route clash, a failed dependency) belongs here rather than in the register function:
  // announcing the plugin elsewhere, starting a thread. Hooks run in the order added, on the
  // host's start (or reload) thread; a throw is logged, not propagated.
  template <class F>
  void on_start(F&& hook) {
    add_start_hook([this, h = std::forward<F>(hook)]() mutable noexcept {
      std::string error = detail::run_guarded(h);
      if (!error.empty()) log().error("on_start hook failed", {{"error", error}});
    });
  }

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
  // Since SDK 0.2. The handler returns an empty string when it applied the config, else why not.
  virtual void set_config_handler(std::function<std::string(const Config&)> handler) noexcept = 0;
  // Since SDK 0.4.
  virtual void add_start_hook(std::function<void()> hook) noexcept = 0;
};

}  // namespace berth
