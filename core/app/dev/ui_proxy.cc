#include "app/dev/ui_proxy.h"

#include "app/dev/script_injection.h"
#include "app/socket_client.h"

#include <charconv>

namespace berth::app::dev {
namespace {

constexpr std::size_t kMaxUiAnswerBytes = 64 << 20;

// Hop-by-hop headers and those this proxy sets itself. Accept-Encoding goes too: the HTML must
// arrive uncompressed for the client to be injected.
bool forwarded_request_header(std::string_view name) {
  for (std::string_view skip : {"host", "connection", "content-length", "accept-encoding",
                                "upgrade", "keep-alive", "transfer-encoding", "te"})
    if (Headers::same_name(name, skip)) return false;
  return true;
}

bool forwarded_answer_header(std::string_view name) {
  for (std::string_view skip :
       {"connection", "content-length", "transfer-encoding", "keep-alive", "content-encoding"})
    if (Headers::same_name(name, skip)) return false;
  return true;
}

}  // namespace

Expected<UiUrl> parse_ui_url(const std::string& url) {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme))
    return unexpected("--ui-url: expected http://HOST:PORT[/PATH], got '" + url + "'");
  std::string_view rest = std::string_view(url).substr(scheme.size());
  UiUrl out;
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.base = std::string(rest.substr(slash));
  while (!out.base.empty() && out.base.back() == '/') out.base.pop_back();
  auto colon = authority.rfind(':');
  auto bracket = authority.find(']');  // [::1]:3000
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    std::string_view port = authority.substr(colon + 1);
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (error != std::errc() || end != port.data() + port.size() || out.port <= 0 ||
        out.port > 65535)
      return unexpected("--ui-url: bad port in '" + url + "'");
    authority = authority.substr(0, colon);
  }
  if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']')
    authority = authority.substr(1, authority.size() - 2);
  if (authority.empty()) return unexpected("--ui-url: no host in '" + url + "'");
  out.host = std::string(authority);
  return out;
}

Response proxy_ui(const UiUrl& url, const Request& request) {
  SocketRequest forward;
  forward.method = std::string(to_string(request.method));
  forward.target = url.base + request.target;
  for (const auto& [name, value] : request.headers)
    if (forwarded_request_header(name)) forward.headers.add(name, value);
  forward.body = request.body;
  forward.timeout = std::chrono::seconds(60);
  forward.max_bytes = kMaxUiAnswerBytes;
  forward.user_agent = "berth-dev";
  auto answer = tcp_request(url.host, url.port, forward);
  if (!answer)
    return Response::error_json(502, "the UI dev server at " + url.host + ":" +
                                         std::to_string(url.port) +
                                         " did not answer: " + answer.error());
  if (answer->status == 0)
    return Response::error_json(502, "the UI dev server's answer is not HTTP");
  Response out;
  out.status = answer->status;
  for (const auto& [name, value] : answer->headers)
    if (forwarded_answer_header(name)) out.headers.add(name, value);
  out.body = std::move(answer->body);
  auto type = out.headers.get("Content-Type");
  if (type && type->find("text/html") != std::string_view::npos) out.body = inject_client(out.body);
  return out;
}

}  // namespace berth::app::dev
