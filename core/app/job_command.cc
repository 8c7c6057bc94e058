#include "app/job_command.h"

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

constexpr int kJobPollSeconds = 30;  // per poll; the host allows up to 60
// A job's record with its log tail and result: bounded by tasks.max_result_bytes and friends.
constexpr std::size_t kMaxJobAnswerBytes = 64 * 1024 * 1024;

struct FollowOptions {
  std::string id, socket, config;
};

bool final_state(const std::string& state) {
  return state == "succeeded" || state == "failed" || state == "cancelled" ||
         state == "interrupted";
}

std::string json_line(const nlohmann::json& event) {
  return event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

// What changed since the last answer, as event lines: log lines not printed yet, then progress.
class Events {
 public:
  std::string since_last(const nlohmann::json& job) {
    std::string out;
    const nlohmann::json log = job.value("log", nlohmann::json::array());
    const std::uint64_t last = job.value("log_seq", std::uint64_t{0});
    if (log.is_array() && last >= log.size()) {
      std::uint64_t seq = last - log.size() + 1;
      for (const auto& text : log) {
        if (seq > printed_log_) out += json_line({{"event", "log"}, {"seq", seq}, {"text", text}});
        ++seq;
      }
      printed_log_ = std::max(printed_log_, last);
    }
    nlohmann::json progress = {{"event", "progress"},
                               {"state", job.value("state", "")},
                               {"progress", job.value("progress", 0.0)},
                               {"message", job.value("message", "")}};
    if (progress != last_progress_) out += json_line(progress);
    last_progress_ = std::move(progress);
    return out;
  }

 private:
  std::uint64_t printed_log_ = 0;
  nlohmann::json last_progress_;
};

int job_follow_failed(const std::string& message, int code) {
  return command_failed("job follow", message, code);
}

int follow(const FollowOptions& o) {
  unblock_stop_signals();
  const std::optional<std::string> found = socket_to_follow("job follow", o.socket, o.config);
  if (!found) return 2;
  const std::string& socket = *found;
  const std::string path = "/_berth/jobs/" + query_escape(o.id);
  Events events;
  std::optional<std::uint64_t> version;  // none: the job as it is now
  for (;;) {
    std::string target = path;
    if (version)
      target += "?version=" + std::to_string(*version) + "&wait=" + std::to_string(kJobPollSeconds);
    auto answer = socket_request(socket, {.target = target,
                                          .timeout = std::chrono::seconds(kJobPollSeconds + 15),
                                          .max_bytes = kMaxJobAnswerBytes,
                                          .user_agent = "berth-job-follow",
                                          .watch_fd = STDOUT_FILENO});
    if (!answer) {
      if (answer.error() == kOutputClosed) return 0;
      return job_follow_failed(
          socket + ": " + (version ? "the host went away: " : "") + answer.error(), 3);
    }
    if (answer->status == 404) return job_follow_failed("job " + o.id + " not found", 2);
    if (answer->status != 200)
      return job_follow_failed(
          socket + ": HTTP " + std::to_string(answer->status) + " " + body_summary(answer->body),
          answer->status == 400 ? 2 : 3);
    auto job = nlohmann::json::parse(answer->body, nullptr, false);
    if (!job.is_object() || !job["version"].is_number_unsigned() || !job["state"].is_string())
      return job_follow_failed(socket + ": not a job: " + body_summary(answer->body), 3);
    std::string out = events.since_last(job);
    const std::string state = job["state"];
    if (final_state(state))
      out += json_line({{"event", "end"},
                        {"state", state},
                        {"error", job.value("error", nlohmann::json())},
                        {"result", job.value("result", nlohmann::json())}});
    if (!out.empty() && !write_stdout(out)) return 0;
    if (final_state(state)) return state == "succeeded" ? 0 : 1;
    version = job["version"].get<std::uint64_t>();
  }
}

}  // namespace

void add_job_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* job = cli.add_subcommand("job", "follow a running berth's jobs");
  job->require_subcommand(1);
  auto* command = job->add_subcommand(
      "follow",
      "print a job's progress and log lines as JSON lines until it ends (long poll on the host's "
      "socket). Exit 0 succeeded, 1 failed/cancelled/interrupted, 2 unknown job or bad config, "
      "3 host unreachable or gone");
  auto o = std::make_shared<FollowOptions>();
  command->add_option("id", o->id, "the job's id (as POST .../jobs/<name> answered)")->required();
  command->add_option("--socket", o->socket, "the socket (default: the config's server.socket)");
  command->add_option("-c,--config", o->config,
                      "read the socket from this config (default $BERTH_CONFIG or "
                      "/etc/berth/berth.yaml)");
  command->callback([o, &exit_code] { exit_code = follow(*o); });
}

}  // namespace berth::app
