#include "support/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <stdexcept>

namespace berth::test {
namespace {

struct GlobalInit {
  GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) headers->clear();  // a new response (after 100-continue)
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string value = line.substr(colon + 1);
    auto b = value.find_first_not_of(" \t");
    auto e = value.find_last_not_of(" \t\r\n");
    headers->emplace_back(line.substr(0, colon),
                          b == std::string::npos ? "" : value.substr(b, e - b + 1));
  }
  return size * n;
}

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::string> HttpResult::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body);
}

HttpClient HttpClient::unix_socket(std::string path) {
  static GlobalInit init;
  HttpClient c;
  c.curl_ = curl_easy_init();
  c.unix_path_ = std::move(path);
  c.base_url_ = "http://localhost";
  return c;
}

HttpClient HttpClient::tcp(int port, std::string host) {
  static GlobalInit init;
  HttpClient c;
  c.curl_ = curl_easy_init();
  c.base_url_ = "http://" + host + ":" + std::to_string(port);
  return c;
}

HttpClient::HttpClient(HttpClient&& o) noexcept {
  *this = std::move(o);
}

HttpClient& HttpClient::operator=(HttpClient&& o) noexcept {
  std::swap(curl_, o.curl_);
  unix_path_ = std::move(o.unix_path_);
  base_url_ = std::move(o.base_url_);
  timeout_ms_ = o.timeout_ms_;
  connects_ = o.connects_;
  return *this;
}

HttpClient::~HttpClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void HttpClient::set_timeout_ms(long ms) {
  timeout_ms_ = ms;
}

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body, const std::vector<std::string>& headers) {
  CURL* curl = static_cast<CURL*>(curl_);
  HttpResult result;
  std::string url = base_url_ + target;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (!unix_path_.empty()) curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, unix_path_.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms_);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(curl, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method == "HEAD" ? nullptr : method.c_str());
  if (method == "GET" || method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_slist* list = nullptr;
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  connects_ += connects;
  if (rc != CURLE_OK) {
    result.error = curl_easy_strerror(rc);
    return result;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

HttpResult HttpClient::post_json(const std::string& target, const nlohmann::json& body) {
  return request("POST", target, body.dump(), {"Content-Type: application/json"});
}

}  // namespace berth::test
