#pragma once
// What `berth logs -f` and `berth job follow` share: they write lines to stdout for a reader that
// may go away at any time (a pipe to Docker Desktop's `vm.cli.exec` stream, `head`), and they end
// when told to, even though main blocks the stop signals for the host.
#include <optional>
#include <string>
#include <string_view>

namespace berth::app {

// Writes `text` to stdout in full; false once stdout is closed (EPIPE: SIGPIPE is ignored).
bool write_stdout(std::string_view text);

// SIGINT, SIGTERM and SIGHUP end the process again (their default), as a command should.
void unblock_stop_signals();

// Prints "berth <command>: <message>" on stderr and returns `code`, the exit code.
int command_failed(std::string_view command, const std::string& message, int code);

// The host's socket: `socket` when given, else the one the config at `config` names. Without one
// it says why (command_failed, exit code 2) and returns nothing.
std::optional<std::string> socket_to_follow(std::string_view command, const std::string& socket,
                                            const std::string& config);

}  // namespace berth::app
