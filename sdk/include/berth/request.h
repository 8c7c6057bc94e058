#pragma once
#include <berth/headers.h>
#include <berth/http_error.h>
#include <berth/method.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth {

// Who is on the other end. On the Unix socket the kernel tells (SO_PEERCRED); on TCP pid/uid are -1.
struct Peer {
  std::string transport;  // "unix" or "tcp"
  std::int64_t pid = -1;
  std::int64_t uid = -1;
  std::int64_t gid = -1;
};

struct Request {
  Method method = Method::get;
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded, without the query
  std::map<std::string, std::string, std::less<>> params;  // path parameters (`/notes/:id`)
  std::multimap<std::string, std::string, std::less<>> query;  // decoded query parameters
  Headers headers;
  std::string body;
  std::string request_id;
  Peer peer;

  // A path parameter declared by the route; throws std::out_of_range for an undeclared name.
  const std::string& param(std::string_view name) const {
    auto it = params.find(name);
    if (it == params.end()) throw std::out_of_range("no path parameter '" + std::string(name) + "'");
    return it->second;
  }

  // The first value of a query parameter.
  std::optional<std::string> query_param(std::string_view name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }

  // The body parsed as JSON (once). Throws HttpError 400 with the parser's position when it is
  // not JSON; an empty body is null.
  const nlohmann::json& json() const {
    if (!parsed_json_) {
      if (body.empty()) {
        parsed_json_.emplace(nullptr);
      } else {
        try {
          parsed_json_.emplace(nlohmann::json::parse(body));
        } catch (const nlohmann::json::parse_error& e) {
          throw HttpError(400, "invalid JSON body: " + std::string(e.what()), {{"byte", e.byte}});
        } catch (const nlohmann::json::out_of_range& e) {  // 1e400: a number no double holds
          throw HttpError(400, "invalid JSON body: " + std::string(e.what()));
        }
      }
    }
    return *parsed_json_;
  }

 private:
  mutable std::optional<nlohmann::json> parsed_json_;
};

}  // namespace berth
