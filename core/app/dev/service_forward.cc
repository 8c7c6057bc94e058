#include "app/dev/service_forward.h"

#include "app/socket_client.h"

#include <berth/method.h>

#include <sys/stat.h>
#include <sys/un.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace berth::app::dev {
namespace {

// Above the host's longest long poll (60 s), so that a page that follows a job sees its answer.
constexpr std::chrono::seconds kServiceTimeout{75};
constexpr std::size_t kMaxServiceAnswerBytes = 64 << 20;

Response failed(int status, std::string message) {
  return Response::json(
      {{"ok", false},
       {"error",
        {{"statusCode", status}, {"name", "HttpError"}, {"message", std::move(message)}}}});
}

}  // namespace

std::optional<ReplyShape> parse_reply_shape(const std::string& text) {
  if (text == "data") return ReplyShape::data;
  if (text == "plain") return ReplyShape::plain;
  return std::nullopt;
}

nlohmann::json reply_value(const std::string& body, ReplyShape shape) {
  nlohmann::json value = nlohmann::json::parse(body, nullptr, false);
  if (value.is_discarded()) value = body;
  if (shape == ReplyShape::data) return {{"data", std::move(value)}};
  return value;
}

Expected<bool> backend_socket_present(const std::string& path) {
  if (path.empty()) return unexpected(std::string("no path given"));
  if (path.size() >= sizeof(sockaddr_un{}.sun_path))
    return unexpected(path + ": longer than " + std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) +
                      " bytes, too long for a Unix socket");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return false;
    return unexpected(path + ": " + std::strerror(errno));
  }
  if (S_ISSOCK(st.st_mode)) return true;
  const char* kind = S_ISDIR(st.st_mode)    ? "a folder"
                     : S_ISREG(st.st_mode)  ? "a regular file"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                                            : "a device";
  return unexpected(path + ": " + kind + ", not a Unix socket");
}

Response forward_service(const std::string& backend_socket, ReplyShape shape,
                         const Request& request) {
  const nlohmann::json& call = request.json();
  if (!call.is_object() || !call.contains("url") || !call["url"].is_string())
    return Response::error_json(400, "expected {\"method\", \"url\", \"headers\", \"body\"}");
  std::string url = call["url"].get<std::string>();
  if (!url.starts_with("/")) url = "/" + url;
  std::string method = call.value("method", "GET");
  for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!parse_method(method))
    return Response::error_json(400, "method: not an HTTP method the backend serves: " + method);

  SocketRequest forward;
  forward.method = method;
  forward.target = url;
  if (call.contains("headers") && call["headers"].is_object())
    for (const auto& [name, value] : call["headers"].items())
      if (value.is_string() && !Headers::same_name(name, "Content-Length") &&
          !Headers::same_name(name, "Host") && !Headers::same_name(name, "Connection"))
        forward.headers.add(name, value.get<std::string>());
  if (call.contains("body") && call["body"].is_string()) forward.body = call["body"];
  forward.timeout = kServiceTimeout;
  forward.max_bytes = kMaxServiceAnswerBytes;
  forward.user_agent = "berth-dev";
  auto answer = socket_request(backend_socket, forward);
  if (!answer) return failed(502, "backend socket " + backend_socket + ": " + answer.error());
  if (answer->status < 200 || answer->status > 299) return failed(answer->status, answer->body);
  return Response::json({{"ok", true}, {"value", reply_value(answer->body, shape)}});
}

}  // namespace berth::app::dev
