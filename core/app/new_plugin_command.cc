#include "app/new_plugin_command.h"

#include "app/templates.h"

#include <berth/version.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string_view>

namespace berth::app {
namespace {

std::string substitute(std::string_view text, const std::string& name) {
  std::string out;
  out.reserve(text.size());
  constexpr std::string_view kName = "{{name}}";
  constexpr std::string_view kVersion = "{{berth_version}}";
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, kName.size()) == kName) {
      out += name;
      i += kName.size();
    } else if (text.substr(i, kVersion.size()) == kVersion) {
      out += BERTH_SDK_VERSION_STRING;
      i += kVersion.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

// C++20 keywords and alternative tokens, and namespaces a plugin must not reopen.
bool is_reserved_cpp_name(std::string_view name) {
  static constexpr std::string_view kReserved[] = {
      "alignas",       "alignof",     "and",
      "and_eq",        "asm",         "auto",
      "bitand",        "bitor",       "bool",
      "break",         "case",        "catch",
      "char",          "char8_t",     "char16_t",
      "char32_t",      "class",       "compl",
      "concept",       "const",       "consteval",
      "constexpr",     "constinit",   "const_cast",
      "continue",      "co_await",    "co_return",
      "co_yield",      "decltype",    "default",
      "delete",        "do",          "double",
      "dynamic_cast",  "else",        "enum",
      "explicit",      "export",      "extern",
      "false",         "float",       "for",
      "friend",        "goto",        "if",
      "inline",        "int",         "long",
      "mutable",       "namespace",   "new",
      "noexcept",      "not",         "not_eq",
      "nullptr",       "operator",    "or",
      "or_eq",         "private",     "protected",
      "public",        "register",    "reinterpret_cast",
      "requires",      "return",      "short",
      "signed",        "sizeof",      "static",
      "static_assert", "static_cast", "struct",
      "switch",        "template",    "this",
      "thread_local",  "throw",       "true",
      "try",           "typedef",     "typeid",
      "typename",      "union",       "unsigned",
      "using",         "virtual",     "void",
      "volatile",      "wchar_t",     "while",
      "xor",           "xor_eq",      "std",
      "posix",         "berth",       "boost",
      "nlohmann",      "doctest"};
  return std::find(std::begin(kReserved), std::end(kReserved), name) != std::end(kReserved);
}

}  // namespace

Expected<void> check_plugin_name(const std::string& name) {
  auto bad = [&](const std::string& why) -> Expected<void> {
    return unexpected(
        "invalid plugin name '" + name + "': " + why +
        " (a name is a lowercase letter, then up to 62 lowercase letters, digits or '_')");
  };
  if (name.empty()) return bad("it is empty");
  if (name.size() > 63) return bad("it is " + std::to_string(name.size()) + " characters long");
  if (name[0] < 'a' || name[0] > 'z') return bad("it must start with a lowercase letter");
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return bad(std::string("'") + c + "' is not allowed");
  // The name becomes the plugin's C++ namespace and the prefix of its symbols.
  if (name.find("__") != std::string::npos)
    return bad("'__' is reserved for the C++ implementation");
  if (is_reserved_cpp_name(name))
    return bad("it is a C++ keyword or a namespace the plugin would collide with");
  return {};
}

int new_plugin(const std::string& name, std::filesystem::path dir, std::ostream& out,
               std::ostream& err) {
  if (auto valid = check_plugin_name(name); !valid) {
    err << "berth new-plugin: " << valid.error() << "\n";
    return 2;
  }
  if (dir.empty()) dir = name;
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    if (!std::filesystem::is_directory(dir, ec)) {
      err << "berth new-plugin: " << dir.string() << " exists and is not a folder\n";
      return 2;
    }
    if (!std::filesystem::is_empty(dir, ec)) {
      err << "berth new-plugin: " << dir.string()
          << " exists and is not empty; choose another --dir or remove it\n";
      return 2;
    }
  }
  for (const auto& [path_template, content] : templates::kFiles) {
    std::filesystem::path path = dir / substitute(path_template, name);
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      err << "berth new-plugin: cannot create " << path.parent_path().string() << ": "
          << ec.message() << "\n";
      return 2;
    }
    std::ofstream file(path, std::ios::binary);
    file << substitute(content, name);
    if (!file.flush()) {
      err << "berth new-plugin: cannot write " << path.string() << "\n";
      return 2;
    }
    out << "  created " << path.string() << "\n";
  }
  out << "plugin '" << name << "' in " << dir.string() << "; build it with\n"
      << "  cmake -S " << dir.string() << " -B " << (dir / "build").string()
      << " -DCMAKE_PREFIX_PATH=<berth prefix> && cmake --build " << (dir / "build").string()
      << " && ctest --test-dir " << (dir / "build").string() << "\n";
  return 0;
}

void add_new_plugin_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "new-plugin", "scaffold a plugin project (CMake, routes, a migration, a job, a test)");
  auto name = std::make_shared<std::string>();
  auto dir = std::make_shared<std::string>();
  command->add_option("name", *name, "the plugin's name: [a-z][a-z0-9_]{0,62}")->required();
  command->add_option("--dir", *dir, "the folder to create (default ./<name>); must be empty");
  command->callback(
      [name, dir, &exit_code] { exit_code = new_plugin(*name, *dir, std::cout, std::cerr); });
}

}  // namespace berth::app
