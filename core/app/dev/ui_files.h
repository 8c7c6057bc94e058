#pragma once
// The extension's UI as Docker Desktop serves it: the files under its UI root, the entry page
// (metadata.json's `src`) at "/", HTML with the emulated ddClient injected, nothing cached (the
// files change while developing). Nothing outside the root is served.
#include <berth/request.h>
#include <berth/response.h>

#include <string>

namespace berth::app::dev {

struct UiRoot {
  std::string dir;                   // the UI root
  std::string entry = "index.html";  // what "/" serves
};

Response serve_ui_file(const UiRoot& root, const Request& request);

// The Content-Type for a file name, by its extension.
std::string content_type_for(const std::string& name);

}  // namespace berth::app::dev
