#include "app/dev/ui_files.h"

#include "app/dev/script_injection.h"
#include "routing/route_pattern.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace berth::app::dev {

std::string content_type_for(const std::string& name) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".wasm", "application/wasm"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto ext = std::filesystem::path(name).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

Response serve_ui_file(const UiRoot& root, const Request& request) {
  if (request.method != Method::get && request.method != Method::head)
    return Response::error_json(405, "the UI files are read-only").header("Allow", "GET, HEAD");
  std::filesystem::path path(root.dir);
  for (std::string_view segment : routing::split_path(request.path)) {
    // split_path ignores one trailing slash; "." and ".." would leave the root.
    if (segment == "." || segment == ".." || segment.find('\0') != std::string_view::npos ||
        segment.find('\\') != std::string_view::npos)
      return Response::error_json(404, "not found: " + request.path);
    path /= std::string(segment);
  }
  std::error_code ec;
  if (request.path == "/" || request.path.empty())
    path = std::filesystem::path(root.dir) / root.entry;
  if (std::filesystem::is_directory(path, ec)) path /= "index.html";
  std::ifstream file(path, std::ios::binary);
  if (!std::filesystem::is_regular_file(path, ec) || !file)
    return Response::error_json(404, "not found: " + request.path);
  std::ostringstream content;
  content << file.rdbuf();
  std::string type = content_type_for(path.filename().string());
  std::string body = content.str();
  if (type.starts_with("text/html")) body = inject_client(body);
  return Response::text(std::move(body), 200, type).header("Cache-Control", "no-store");
}

}  // namespace berth::app::dev
