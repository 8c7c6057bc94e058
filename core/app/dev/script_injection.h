#pragma once
// Puts the emulated ddClient into an extension's HTML page before any of the page's own scripts
// run, as Docker Desktop has window.ddClient in place before the extension loads.
#include <string>
#include <string_view>

namespace berth::app::dev {

inline constexpr std::string_view kClientTag = "<script src=\"/__berth/ddclient.js\"></script>";

// `html` with kClientTag before its first <script, else before </head> or </body>, else first.
std::string inject_client(std::string_view html);

}  // namespace berth::app::dev
