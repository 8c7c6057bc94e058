#include "http/response_writer.h"

#include <charconv>

namespace berth::http {
namespace {

// Framing headers are the server's business: a handler's value would contradict the body we send.
bool is_framing_header(std::string_view name) noexcept {
  return Headers::same_name(name, "Content-Length") ||
         Headers::same_name(name, "Transfer-Encoding") || Headers::same_name(name, "Connection") ||
         Headers::same_name(name, "X-Request-Id");
}

// A CR or LF in a field would let a handler smuggle extra headers or a second response. Plain
// loops: find_first_of calls memchr once per character, over a third of serialising a response.
bool is_safe_field(std::string_view name, std::string_view value) noexcept {
  if (name.empty()) return false;
  for (char c : name)
    if (c == '\r' || c == '\n' || c == ':') return false;
  for (char c : value)
    if (c == '\r' || c == '\n') return false;
  return true;
}

bool has_body(int status) noexcept {
  return status >= 200 && status != 204 && status != 304;
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

// HEAD: a handler may have computed the GET length without building the body.
std::string_view head_length(const Response& response) noexcept {
  if (!response.body.empty()) return {};
  auto declared = response.headers.get("Content-Length");
  if (!declared || declared->empty()) return {};
  for (char c : *declared)
    if (c < '0' || c > '9') return {};
  return *declared;
}

}  // namespace

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    case 508: return "Loop Detected";
    case 511: return "Network Authentication Required";
    default: break;
  }
  if (status >= 200 && status < 300) return "Success";
  if (status >= 300 && status < 400) return "Redirection";
  if (status >= 400 && status < 500) return "Client Error";
  return "Server Error";
}

std::string serialize_response(const Response& response, const WireOptions& options) {
  const bool body_allowed = has_body(response.status);
  const bool send_body = body_allowed && !options.head_request;
  std::size_t size = 96 + options.request_id.size() + (send_body ? response.body.size() : 0);
  for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 4;

  std::string out;
  out.reserve(size);
  out += "HTTP/1.1 ";
  append_number(out, static_cast<std::uint64_t>(response.status));
  out += ' ';
  out += reason_phrase(response.status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (is_framing_header(name) || !is_safe_field(name, value)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (body_allowed) {
    out += "Content-Length: ";
    std::string_view declared = options.head_request ? head_length(response) : std::string_view();
    if (declared.empty())
      append_number(out, response.body.size());
    else
      out += declared;
    out += "\r\n";
  }
  out += "X-Request-Id: ";
  out += options.request_id;
  out += "\r\n";
  if (options.close)
    out += "Connection: close\r\n";
  else if (options.http10_keep_alive)
    out += "Connection: keep-alive\r\n";
  out += "\r\n";
  if (send_body) out += response.body;
  return out;
}

}  // namespace berth::http
