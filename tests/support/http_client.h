#pragma once
// A real HTTP client for tests: libcurl, over the Unix socket or TCP.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace berth::test {

struct HttpResult {
  long status = 0;  // 0: the request failed, see error
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string error;  // curl's message when status is 0

  std::optional<std::string> header(const std::string& name) const;  // case-insensitive
  nlohmann::json json() const;  // throws when the body is not JSON
};

// One libcurl easy handle, so consecutive requests reuse the connection as a browser or the
// Docker Desktop proxy would. Sends no `Connection` header unless asked to.
class HttpClient {
 public:
  static HttpClient unix_socket(std::string path);
  static HttpClient tcp(int port, std::string host = "127.0.0.1");
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  ~HttpClient();

  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = {}, const std::vector<std::string>& headers = {});
  HttpResult get(const std::string& target) { return request("GET", target); }
  HttpResult post_json(const std::string& target, const nlohmann::json& body);
  void set_timeout_ms(long ms);

  // New connections opened so far by this client (CURLINFO_NUM_CONNECTS, summed).
  long connections_opened() const { return connects_; }

 private:
  HttpClient() = default;
  void* curl_ = nullptr;
  std::string unix_path_;
  std::string base_url_;
  long timeout_ms_ = 10'000;
  long connects_ = 0;
};

}  // namespace berth::test
