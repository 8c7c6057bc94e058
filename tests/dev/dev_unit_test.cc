// The pure parts of berth dev: where the client is injected, --ui-url parsing, the reply shapes,
// which UI metadata.json names, what --backend-socket accepts, and a backend that is not there.
#include "app/dev/dev_ui.h"
#include "app/dev/script_injection.h"
#include "app/dev/service_forward.h"
#include "app/dev/ui_proxy.h"
#include "support/temp_dir.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <doctest/doctest.h>

using namespace berth::app::dev;

TEST_CASE("the client goes before the page's first script, whatever its case") {
  const std::string tag(kClientTag);
  CHECK(inject_client("<head><SCRIPT src=a.js></SCRIPT><script src=b.js></script></head>") ==
        "<head>" + tag + "\n<SCRIPT src=a.js></SCRIPT><script src=b.js></script></head>");
  CHECK(inject_client("<head><title>x</title></HEAD><body></body>") ==
        "<head><title>x</title>" + tag + "\n</HEAD><body></body>");
  CHECK(inject_client("<p>x</p></body>") == "<p>x</p>" + tag + "\n</body>");
  CHECK(inject_client("<p>x</p>") == tag + "\n<p>x</p>");
}

TEST_CASE("--ui-url") {
  auto vite = parse_ui_url("http://localhost:3000");
  REQUIRE(vite);
  CHECK(vite->host == "localhost");
  CHECK(vite->port == 3000);
  CHECK(vite->base == "");
  auto based = parse_ui_url("http://127.0.0.1:5173/app/");
  REQUIRE(based);
  CHECK(based->base == "/app");
  auto v6 = parse_ui_url("http://[::1]:8000/");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 8000);
  auto plain = parse_ui_url("http://devbox");
  REQUIRE(plain);
  CHECK(plain->port == 80);
  CHECK(parse_ui_url("https://localhost:3000").error() ==
        "--ui-url: expected http://HOST:PORT[/PATH], got 'https://localhost:3000'");
  CHECK(parse_ui_url("http://localhost:99999").error() ==
        "--ui-url: bad port in 'http://localhost:99999'");
  CHECK(parse_ui_url("http://:3000").error() == "--ui-url: no host in 'http://:3000'");
}

TEST_CASE("reply shapes: {data} as Desktop >= 4.42, else as it is; text stays text") {
  CHECK(reply_value(R"({"a":1})", ReplyShape::data) ==
        nlohmann::json::parse(R"({"data":{"a":1}})"));
  CHECK(reply_value(R"({"a":1})", ReplyShape::plain) == nlohmann::json::parse(R"({"a":1})"));
  CHECK(reply_value("# HELP x\n", ReplyShape::plain) == "# HELP x\n");
  CHECK(reply_value("", ReplyShape::data) == nlohmann::json::parse(R"({"data":""})"));
  CHECK(parse_reply_shape("data") == ReplyShape::data);
  CHECK(parse_reply_shape("plain") == ReplyShape::plain);
  CHECK_FALSE(parse_reply_shape("string"));
}

TEST_CASE("the default UI is metadata.json's dashboard tab") {
  berth::test::TempDir dir("berth-dev-ui");
  std::filesystem::create_directories(dir / "ui/build");
  berth::test::write_file(
      dir / "metadata.json",
      R"({"ui": {"dashboard-tab": {"title": "x", "root": "ui/build", "src": "main.html"}}})");
  auto ui = choose_ui("", "", (dir / "metadata.json").string());
  REQUIRE(ui);
  REQUIRE(ui->dir);
  CHECK(ui->dir->dir == (dir / "ui/build").string());
  CHECK(ui->dir->entry == "main.html");
  CHECK_FALSE(ui->url);

  berth::test::write_file(dir / "no-tab.json", R"({"vm": {}})");
  CHECK(choose_ui("", "", (dir / "no-tab.json").string()).error() ==
        (dir / "no-tab.json").string() +
            ": no ui.dashboard-tab to serve (pass --ui DIR or --ui-url URL)");
  CHECK(choose_ui("", "", (dir / "missing.json").string()).error() ==
        "no UI to serve: pass --ui DIR or --ui-url URL, or run berth dev in the folder of the "
        "extension's metadata.json");
  CHECK(choose_ui((dir / "nothing").string(), "").error() ==
        "--ui: " + (dir / "nothing").string() + " is not a folder");
  auto url = choose_ui("", "http://localhost:3000");
  REQUIRE(url);
  CHECK(url->url->port == 3000);
}

TEST_CASE("--backend-socket: a socket, nothing yet, or something that cannot be one") {
  berth::test::TempDir dir("berth-dev-backend");
  const std::string socket_path = (dir / "backend.sock").string();
  CHECK(backend_socket_present(socket_path) == false);  // not started yet: the page waits

  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, socket_path.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  CHECK(backend_socket_present(socket_path) == true);
  ::close(fd);

  berth::test::write_file(dir / "berth.yaml", "server: {}\n");
  CHECK(backend_socket_present((dir / "berth.yaml").string()).error() ==
        (dir / "berth.yaml").string() + ": a regular file, not a Unix socket");
  CHECK(backend_socket_present(dir.path().string()).error() ==
        dir.path().string() + ": a folder, not a Unix socket");
  const std::string deep = "/tmp/" + std::string(120, 'x') + ".sock";
  CHECK(backend_socket_present(deep).error() ==
        deep + ": longer than 107 bytes, too long for a Unix socket");
  CHECK(backend_socket_present("").error() == "no path given");
}

TEST_CASE("a backend that is not there is a 502 with why, in the envelope, not an answer") {
  berth::test::TempDir dir("berth-dev-gone");
  const std::string socket_path = (dir / "backend.sock").string();
  berth::Request request;
  request.method = berth::Method::post;
  request.body = R"({"method": "get", "url": "/_berth/health", "headers": {}})";
  berth::Response response = forward_service(socket_path, ReplyShape::data, request);
  CHECK(response.status == 200);
  auto envelope = nlohmann::json::parse(response.body);
  CHECK(envelope["ok"] == false);
  CHECK(envelope["error"]["statusCode"] == 502);
  CHECK(envelope["error"]["name"] == "HttpError");
  CHECK(envelope["error"]["message"] ==
        "backend socket " + socket_path + ": cannot connect: No such file or directory");
}
