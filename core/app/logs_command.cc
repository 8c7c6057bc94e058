#include "app/logs_command.h"

#include "app/follow_output.h"
#include "app/query_text.h"
#include "app/socket_client.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

namespace berth::app {
namespace {

constexpr int kWaitSeconds = 30;                           // per poll; the host allows up to 60
constexpr int kPageLines = 1000;                           // the route's largest limit
constexpr std::size_t kMaxAnswerBytes = 16 * 1024 * 1024;  // 1000 lines of at most 8 KiB, as JSON

struct LogsOptions {
  std::string socket, config, level, plugin;
  int lines = 200;
  bool follow = false;
  bool json = false;
};

// Like the host's text log format: time, level, message, then key=value.
std::string text_line(const nlohmann::json& line) {
  std::string level = line.value("level", "");
  std::string out = line.value("time", "") + ' ' + level +
                    std::string(level.size() < 5 ? 5 - level.size() : 0, ' ') + ' ' +
                    line.value("msg", "");
  const nlohmann::json fields = line.value("fields", nlohmann::json::object());
  for (const auto& [key, value] : fields.items()) {
    out += ' ' + key + '=';
    out += value.is_string() ? value.get<std::string>()
                             : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';  // one line per line, whatever a plugin logged
  return out + '\n';
}

int fail(const std::string& message, int code) {
  return command_failed("logs", message, code);
}

int run_logs(const LogsOptions& o) {
  unblock_stop_signals();
  const std::optional<std::string> found = socket_to_follow("logs", o.socket, o.config);
  if (!found) return 2;
  const std::string& socket = *found;
  std::string filters;
  if (!o.level.empty()) filters += "&level=" + query_escape(o.level);
  if (!o.plugin.empty()) filters += "&plugin=" + query_escape(o.plugin);

  std::optional<std::uint64_t> after;  // none: the newest lines first
  for (;;) {
    const bool polling = after.has_value();
    std::string target =
        "/_berth/logs?limit=" + std::to_string(polling ? kPageLines : o.lines) + filters;
    if (polling)
      target += "&after=" + std::to_string(*after) + "&wait=" + std::to_string(kWaitSeconds);
    auto answer =
        socket_request(socket, {.target = target,
                                .timeout = std::chrono::seconds(polling ? kWaitSeconds + 15 : 10),
                                .max_bytes = kMaxAnswerBytes,
                                .user_agent = "berth-logs",
                                .watch_fd = o.follow ? STDOUT_FILENO : -1});
    if (!answer) {
      if (answer.error() == kOutputClosed) return 0;
      return fail(socket + ": " + (polling ? "the host went away: " : "") + answer.error(), 3);
    }
    if (answer->status != 200)
      return fail(
          socket + ": HTTP " + std::to_string(answer->status) + " " + body_summary(answer->body),
          answer->status == 400 ? 2 : 3);
    auto page = nlohmann::json::parse(answer->body, nullptr, false);
    if (!page.is_object() || !page.contains("lines") || !page["next"].is_number_unsigned())
      return fail(socket + ": not a log page: " + body_summary(answer->body), 3);
    if (polling && page.value("dropped", 0) > 0)
      std::cerr << "berth logs: " << page["dropped"].get<std::uint64_t>()
                << " lines were dropped before they could be read (log.buffer_lines)\n";
    std::string out;
    for (const auto& line : page["lines"])
      out += o.json ? line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n'
                    : text_line(line);
    if (!out.empty() && !write_stdout(out)) return 0;
    if (!o.follow) return 0;
    after = page["next"].get<std::uint64_t>();
  }
}

}  // namespace

void add_logs_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "logs",
      "show a running berth's last log lines (GET /_berth/logs on its socket); -f follows them. "
      "Exit 0 done, 2 bad config or refused query, 3 host unreachable or gone");
  auto o = std::make_shared<LogsOptions>();
  command->add_flag("-f,--follow", o->follow, "keep printing new lines until the host stops");
  command->add_option("--level", o->level, "the minimum level: debug, info, warn or error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  command->add_option("--plugin", o->plugin,
                      "only lines of this plugin (what it logged and its requests)");
  command->add_option("-n,--lines", o->lines, "how many of the newest lines to show first")
      ->check(CLI::Range(1, kPageLines));
  command->add_flag("--json", o->json,
                    "one JSON object per line: seq, time, level, msg, plugin, fields");
  command->add_option("--socket", o->socket, "the socket (default: the config's server.socket)");
  command->add_option("-c,--config", o->config,
                      "read the socket from this config (default $BERTH_CONFIG or "
                      "/etc/berth/berth.yaml)");
  command->callback([o, &exit_code] { exit_code = run_logs(*o); });
}

}  // namespace berth::app
