#include "app/health_command.h"

#include "app/socket_client.h"

#include <iostream>
#include <memory>

namespace berth::app {

HealthResult probe_ready(const std::string& socket_path, std::chrono::milliseconds timeout) {
  auto answer = socket_request(
      socket_path, {.target = "/_berth/ready", .timeout = timeout, .user_agent = "berth-health"});
  if (!answer) return {false, answer.error()};
  if (answer->status == 0) return {false, "not an HTTP answer: " + body_summary(answer->body)};
  if (answer->status == 200) return {true, "ready"};
  return {false,
          "not ready: HTTP " + std::to_string(answer->status) + " " + body_summary(answer->body)};
}

void add_health_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "health",
      "ask a running berth whether it is ready (GET /_berth/ready on its socket); exit 0 ready, "
      "1 not ready or unreachable, 2 bad config");
  struct Options {
    std::string socket, config;
    double timeout_seconds = 3;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--socket", options->socket,
                      "the socket (default: the config's server.socket)");
  command->add_option("-c,--config", options->config,
                      "read the socket from this config (default $BERTH_CONFIG or "
                      "/etc/berth/berth.yaml)");
  command->add_option("--timeout", options->timeout_seconds, "seconds for the whole check")
      ->check(CLI::Range(0.01, 600.0));
  command->callback([options, &exit_code] {
    std::string socket = options->socket;
    if (socket.empty()) {
      try {
        socket = socket_from_config(options->config);
      } catch (const std::exception& e) {
        std::cerr << "berth health: " << e.what() << "\n";
        exit_code = 2;
        return;
      }
    }
    auto timeout = std::chrono::milliseconds(static_cast<long>(options->timeout_seconds * 1000));
    HealthResult r = probe_ready(socket, timeout);
    if (r.ready) {
      std::cout << "berth health: " << socket << ": ready\n";
      exit_code = 0;
    } else {
      std::cerr << "berth health: " << socket << ": " << r.reason << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace berth::app
