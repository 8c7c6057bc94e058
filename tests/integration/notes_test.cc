// The notes sample plugin against the real `berth` binary: CRUD, pagination, search, validation,
// If-Match, SQL metacharacters, persistence across a restart. Each test case starts its own host
// on a fresh data_dir, so ids start at 1.
#include "berth_host.h"

#include <doctest/doctest.h>

#include <signal.h>

#include <cctype>
#include <cstdlib>
#include <set>

using namespace berth::test;
using nlohmann::json;

namespace {

const char* kNotesPlugin = "  - name: notes\n";

// With BERTH_TEST_ISOLATION=process (the notes_isolated_test run) notes runs in a child process.
std::string with_isolation(std::string plugins_yaml) {
  const char* isolation = std::getenv("BERTH_TEST_ISOLATION");
  const std::string entry = "  - name: notes\n";
  if (isolation && *isolation && plugins_yaml.rfind(entry, 0) == 0)
    plugins_yaml.insert(entry.size(), "    isolation: " + std::string(isolation) + "\n");
  return plugins_yaml;
}

HostOptions notes_options(const std::string& plugins_yaml = kNotesPlugin) {
  HostOptions options;
  options.plugins_yaml = with_isolation(plugins_yaml);
  return options;
}

BerthHost notes_host(const std::string& plugins_yaml = kNotesPlugin) {
  return BerthHost(notes_options(plugins_yaml));
}

HttpResult send(HttpClient& c, const std::string& method, const std::string& target,
                const std::string& body, std::vector<std::string> headers = {}) {
  headers.push_back("Content-Type: application/json");
  return c.request(method, target, body, headers);
}

HttpResult send(HttpClient& c, const std::string& method, const std::string& target,
                const json& body, std::vector<std::string> headers = {}) {
  return send(c, method, target, body.dump(), std::move(headers));
}

json create(HttpClient& c, const json& note) {
  auto r = c.post_json("/notes", note);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.json();
}

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

std::vector<std::string> titles_for(HttpClient& c, const std::string& q) {
  auto r = c.get("/notes?limit=200&q=" + url_encode(q));
  REQUIRE_MESSAGE(r.status == 200, r.body);
  std::vector<std::string> titles;
  json page = r.json();
  for (const auto& n : page["notes"]) titles.push_back(n["title"]);
  return titles;
}

void check_error(const HttpResult& r, long status, const std::string& message,
                 const std::string& field = "") {
  CHECK_MESSAGE(r.status == status, r.body);
  json expected = {{"message", message}};
  if (!field.empty()) expected["field"] = field;
  CHECK(r.json() == expected);
}

// A 400 from the host's check of the route's schema, before notes sees the request: the message
// starts with the field's name as notes' own do, and `errors` points at the value.
void check_refused(const HttpResult& r, const std::string& where, const std::string& in,
                   const std::string& pointer) {
  CHECK_MESSAGE(r.status == 400, r.body);
  json body = r.json();
  CHECK_MESSAGE(body.value("message", "").starts_with(where + ": "), body.dump());
  REQUIRE_MESSAGE(body.contains("errors"), body.dump());
  CHECK(body["errors"][0]["in"] == in);
  CHECK(body["errors"][0]["path"] == pointer);
}

}  // namespace

TEST_CASE("notes: create, read, replace, patch, delete") {
  auto host = notes_host();
  auto c = host.client();

  auto created =
      c.post_json("/notes", {{"title", "  First note "}, {"body", "hello"}, {"tags", {"a", "b"}}});
  REQUIRE_MESSAGE(created.status == 201, created.body);
  CHECK(created.header("Location") == "/notes/1");
  CHECK(created.header("ETag") == "\"1-1\"");
  json note = created.json();
  CHECK(note["id"] == 1);
  CHECK(note["title"] == "First note");  // trimmed
  CHECK(note["body"] == "hello");
  CHECK(note["tags"] == json{"a", "b"});
  std::string stamp = note["created"];
  CHECK(stamp.size() == 24);
  CHECK(stamp.back() == 'Z');
  CHECK(note["updated"] == stamp);
  CHECK(note["etag"] == created.header("ETag"));  // the header's value, for body-only clients
  CHECK(note.size() == 7);

  auto got = c.get("/notes/1");
  CHECK(got.status == 200);
  CHECK(got.header("ETag") == "\"1-1\"");
  CHECK(got.json() == note);

  auto put = send(c, "PUT", "/notes/1", json{{"title", "Replaced"}});
  CHECK(put.status == 200);
  CHECK(put.header("ETag") == "\"1-2\"");
  CHECK(put.json()["title"] == "Replaced");
  CHECK(put.json()["body"] == "");
  CHECK(put.json()["tags"] == json::array());
  CHECK(put.json()["created"] == stamp);

  auto patch = send(c, "PATCH", "/notes/1", json{{"tags", {"x"}}});
  CHECK(patch.status == 200);
  CHECK(patch.header("ETag") == "\"1-3\"");
  CHECK(patch.json()["title"] == "Replaced");
  CHECK(patch.json()["tags"] == json{"x"});

  auto second = create(c, {{"title", "Second"}});
  CHECK(second["id"] == 2);
  auto list = c.get("/notes").json();
  REQUIRE(list["notes"].size() == 2);
  CHECK(list["notes"][0]["id"] == 2);
  CHECK(list["notes"][1] == patch.json());
  CHECK(list["next_cursor"].is_null());

  auto del = c.request("DELETE", "/notes/1");
  CHECK(del.status == 204);
  CHECK(del.body.empty());
  check_error(c.get("/notes/1"), 404, "note 1 not found");
  check_error(c.request("DELETE", "/notes/1"), 404, "note 1 not found");
  CHECK(c.get("/notes").json()["notes"].size() == 1);
}

TEST_CASE("notes: unknown and non-numeric ids are 404 for every method") {
  auto host = notes_host();
  auto c = host.client();
  create(c, {{"title", "only"}});
  check_error(c.get("/notes/42"), 404, "note 42 not found");
  check_error(send(c, "PUT", "/notes/42", json{{"title", "x"}}), 404, "note 42 not found");
  check_error(send(c, "PATCH", "/notes/42", json{{"title", "x"}}), 404, "note 42 not found");
  check_error(c.request("DELETE", "/notes/42"), 404, "note 42 not found");
  for (const char* id : {"abc", "0", "01", "-1", "1.5"}) {
    CAPTURE(id);
    check_error(c.get(std::string("/notes/") + id), 404, std::string("note ") + id + " not found");
    check_error(c.request("DELETE", std::string("/notes/") + id), 404,
                std::string("note ") + id + " not found");
  }
  CHECK(c.get("/notes/1").status == 200);
}

TEST_CASE("notes: 25 notes in pages of 10, newest first, no gaps or duplicates") {
  auto host = notes_host();
  auto c = host.client();
  for (int i = 1; i <= 25; ++i) create(c, {{"title", "note " + std::to_string(i)}});

  std::vector<std::int64_t> seen;
  std::vector<std::size_t> page_sizes;
  std::string target = "/notes?limit=10";
  for (int page = 0; page < 5; ++page) {
    auto r = c.get(target);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    json body = r.json();
    page_sizes.push_back(body["notes"].size());
    for (const auto& n : body["notes"]) {
      seen.push_back(n["id"]);
      CHECK(n["title"] == "note " + std::to_string(n["id"].get<int>()));
    }
    if (body["next_cursor"].is_null()) break;
    target = "/notes?limit=10&cursor=" + url_encode(body["next_cursor"].get<std::string>());
  }
  CHECK(page_sizes == std::vector<std::size_t>{10, 10, 5});
  std::vector<std::int64_t> expected;
  for (int id = 25; id >= 1; --id) expected.push_back(id);
  CHECK(seen == expected);

  auto all = c.get("/notes").json();  // default limit 50
  CHECK(all["notes"].size() == 25);
  CHECK(all["next_cursor"].is_null());
  auto exact = c.get("/notes?limit=25").json();
  CHECK(exact["notes"].size() == 25);
  CHECK(exact["next_cursor"].is_null());
  auto one = c.get("/notes?limit=1").json();
  REQUIRE(one["notes"].size() == 1);
  CHECK(one["notes"][0]["id"] == 25);
  CHECK(one["next_cursor"].is_string());
}

TEST_CASE("notes: q searches title and body literally, ignoring ASCII case") {
  auto host = notes_host();
  auto c = host.client();
  create(c, {{"title", "100% sure"}});
  create(c, {{"title", "100 percent"}});
  create(c, {{"title", "snake_case"}});
  create(c, {{"title", "snakeXcase"}});
  create(c, {{"title", "O'Reilly says \"hi\""}});
  create(c, {{"title", "path"}, {"body", "C:\\Users\\me"}});
  create(c, {{"title", "plain"}, {"body", "mentions a ZEBRA"}});

  CHECK(titles_for(c, "%") == std::vector<std::string>{"100% sure"});
  CHECK(titles_for(c, "_") == std::vector<std::string>{"snake_case"});
  CHECK(titles_for(c, "e_c") == std::vector<std::string>{"snake_case"});
  CHECK(titles_for(c, "\\") == std::vector<std::string>{"path"});
  CHECK(titles_for(c, "'") == std::vector<std::string>{"O'Reilly says \"hi\""});
  CHECK(titles_for(c, "\"hi\"") == std::vector<std::string>{"O'Reilly says \"hi\""});
  CHECK(titles_for(c, "zebra") == std::vector<std::string>{"plain"});
  CHECK(titles_for(c, "O'REILLY") == std::vector<std::string>{"O'Reilly says \"hi\""});
  CHECK(titles_for(c, "100") == std::vector<std::string>{"100 percent", "100% sure"});
  CHECK(titles_for(c, "no such text").empty());

  // Search pages like a listing.
  auto first = c.get("/notes?q=100&limit=1").json();
  REQUIRE(first["notes"].size() == 1);
  CHECK(first["notes"][0]["title"] == "100 percent");
  auto rest =
      c.get("/notes?q=100&limit=1&cursor=" + first["next_cursor"].get<std::string>()).json();
  REQUIRE(rest["notes"].size() == 1);
  CHECK(rest["notes"][0]["title"] == "100% sure");
  CHECK(rest["next_cursor"].is_null());
}

TEST_CASE("notes: every validation error is a 400 naming the field") {
  auto host = notes_host();
  auto c = host.client();
  const std::string title_problem = "title: must be a string of 1 to 200 characters";
  // What the route's schema says is checked by the host before the handler runs; what needs
  // trimming or code points (lengths after trimming, duplicates after trimming) by notes itself.
  struct Case {
    json body;
    std::string message;  // notes' message, or the host's "<where>" prefix
    std::string field;    // notes' field, or empty when the host refuses
    std::string pointer = {};
  };
  std::vector<Case> cases = {
      {json::object(), "title", "", "/title"},  // the missing title
      {{{"title", ""}}, "title", "", "/title"},
      {{{"title", "   "}}, title_problem, "title"},
      {{{"title", std::string(201, 't')}}, title_problem, "title"},
      {{{"title", 7}}, "title", "", "/title"},
      {{{"title", nullptr}}, "title", "", "/title"},
      {{{"title", "t"}, {"body", 1}}, "body", "", "/body"},
      {{{"title", "t"}, {"body", std::string(100001, 'b')}}, "body", "", "/body"},
      // Over the limit in bytes, within it in code points: notes counts the bytes.
      {{{"title", "t"}, {"body", std::string(99990, 'b') + "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}},
       "body: must be a string of at most 100000 bytes",
       "body"},
      {{{"title", "t"}, {"tags", "a,b"}}, "tags", "", "/tags"},
      {{{"title", "t"}, {"tags", json(std::vector<std::string>(33, "x"))}}, "tags", "", "/tags"},
      {{{"title", "t"}, {"tags", json::array({"a", 1})}}, "tags[1]", "", "/tags/1"},
      {{{"title", "t"}, {"tags", json::array({""})}}, "tags[0]", "", "/tags/0"},
      {{{"title", "t"}, {"tags", json::array({" "})}},
       "tags: tags[0] must be a string of 1 to 64 characters",
       "tags"},
      {{{"title", "t"}, {"tags", json::array({std::string(65, 'x')})}},
       "tags: tags[0] must be a string of 1 to 64 characters",
       "tags"},
      {{{"title", "t"}, {"tags", json::array({"a", "b", "a"})}},
       "tags: tags[2] repeats \"a\"",
       "tags"},
      {{{"title", "t"}, {"tags", json::array({"a", "b", " a"})}},
       "tags: tags[2] repeats \"a\"",
       "tags"},
      {{{"title", "t"}, {"colour", "red"}}, "colour", "", "/colour"},
      // Read-only fields are not part of what a client writes: unknown to the schema.
      {{{"title", "t"}, {"id", 5}}, "id", "", "/id"},
  };
  for (const auto& [body, message, field, pointer] : cases) {
    CAPTURE(body.dump().substr(0, 120));
    auto r = c.post_json("/notes", body);
    if (field.empty())
      check_refused(r, message, "body", pointer);
    else
      check_error(r, 400, message, field);
  }
  // Limits are inclusive.
  CHECK(
      c.post_json("/notes", {{"title", std::string(200, 't')}, {"body", std::string(100000, 'b')}})
          .status == 201);
  create(c, {{"title", "target"}});
  auto no_title = send(c, "PUT", "/notes/2", json{{"body", "no title"}});
  check_refused(no_title, "title", "body", "/title");
  CHECK(no_title.json()["message"].get<std::string>().find("title") != std::string::npos);
  check_refused(send(c, "PATCH", "/notes/2", json{{"title", ""}}), "title", "body", "/title");
  check_error(send(c, "PATCH", "/notes/2", json{{"title", " "}}), 400, title_problem, "title");
  check_refused(send(c, "PATCH", "/notes/2", json{{"updated", "now"}}), "updated", "body",
                "/updated");

  // Not an object, and not JSON at all.
  check_refused(send(c, "POST", "/notes", std::string("[1,2]")), "body", "body", "");
  check_refused(send(c, "POST", "/notes", std::string("")), "body", "body", "");
  auto garbage = send(c, "POST", "/notes", std::string("{\"title\": "));
  CHECK(garbage.status == 400);
  CHECK(garbage.json()["message"].get<std::string>().starts_with("invalid JSON body"));

  // Query parameters.
  for (const char* limit : {"0", "201", "-1", "ten", ""}) {
    CAPTURE(limit);
    check_refused(c.get(std::string("/notes?limit=") + limit), "query parameter 'limit'", "query",
                  "/limit");
  }
  for (const char* cursor : {"!!", "NDI=", "MA", "YWJj"}) {
    CAPTURE(cursor);
    check_error(c.get(std::string("/notes?cursor=") + url_encode(cursor)), 400,
                "cursor: malformed cursor (use next_cursor from the previous page)", "cursor");
  }
  check_refused(c.get("/notes?cursor="), "query parameter 'cursor'", "query", "/cursor");
  check_refused(c.get("/notes?q=" + std::string(501, 'q')), "query parameter 'q'", "query", "/q");

  // Nothing invalid was stored: the two good notes only, unchanged.
  auto list = c.get("/notes").json()["notes"];
  REQUIRE(list.size() == 2);
  CHECK(list[0]["title"] == "target");
  CHECK(list[0]["body"] == "");
  CHECK(c.get("/notes/2").header("ETag") == "\"2-1\"");
}

TEST_CASE("notes: If-Match guards PUT, PATCH and DELETE") {
  auto host = notes_host();
  auto c = host.client();
  create(c, {{"title", "v1"}});
  REQUIRE(send(c, "PATCH", "/notes/1", json{{"title", "v2"}}).status == 200);  // revision 2

  const json stale_body = {{"message", "note 1 was changed by someone else"}, {"etag", "\"1-2\""}};
  for (const char* stale : {"\"1-1\"", "W/\"1-2\"", "\"1-3\""}) {
    CAPTURE(stale);
    std::string header = std::string("If-Match: ") + stale;
    auto put = send(c, "PUT", "/notes/1", json{{"title", "lost"}}, {header});
    CHECK(put.status == 412);
    CHECK(put.json() == stale_body);
    auto patch = send(c, "PATCH", "/notes/1", json{{"body", "lost"}}, {header});
    CHECK(patch.status == 412);
    CHECK(patch.json() == stale_body);
    auto del = c.request("DELETE", "/notes/1", {}, {header});
    CHECK(del.status == 412);
    CHECK(del.json() == stale_body);
  }
  auto unchanged = c.get("/notes/1");
  CHECK(unchanged.header("ETag") == "\"1-2\"");
  CHECK(unchanged.json()["title"] == "v2");
  CHECK(unchanged.json()["body"] == "");

  auto current = send(c, "PATCH", "/notes/1", json{{"body", "kept"}}, {"If-Match: \"1-2\""});
  CHECK(current.status == 200);
  CHECK(current.header("ETag") == "\"1-3\"");
  CHECK(current.json()["body"] == "kept");
  auto any = send(c, "PUT", "/notes/1", json{{"title", "v4"}}, {"If-Match: *"});
  CHECK(any.status == 200);
  CHECK(any.header("ETag") == "\"1-4\"");
  // A write that changes nothing keeps the ETag.
  auto same = send(c, "PUT", "/notes/1", json{{"title", "v4"}}, {"If-Match: \"1-4\""});
  CHECK(same.status == 200);
  CHECK(same.header("ETag") == "\"1-4\"");
  // Without If-Match the last writer wins.
  CHECK(send(c, "PATCH", "/notes/1", json{{"title", "v5"}}).status == 200);
  // If-None-Match: a cached copy is still good.
  auto cached = c.request("GET", "/notes/1", {}, {"If-None-Match: \"1-5\""});
  CHECK(cached.status == 304);
  CHECK(cached.header("ETag") == "\"1-5\"");
  CHECK(c.request("GET", "/notes/1", {}, {"If-None-Match: \"1-4\""}).status == 200);

  CHECK(c.request("DELETE", "/notes/1", {}, {"If-Match: \"1-5\""}).status == 204);
  check_error(c.request("DELETE", "/notes/1", {}, {"If-Match: *"}), 404, "note 1 not found");
}

TEST_CASE("notes: SQL metacharacters are stored verbatim and the table survives") {
  auto host = notes_host();
  auto c = host.client();
  const std::string evil = "'); DROP TABLE notes; --";
  const std::string body = "\" OR 1=1; DELETE FROM notes; -- %_\\ 日本語 😀";
  auto note = create(c, {{"title", evil}, {"body", body}, {"tags", {evil, "a'b", "c\"d"}}});
  CHECK(note["title"] == evil);
  auto back = c.get("/notes/1").json();
  CHECK(back["title"] == evil);
  CHECK(back["body"] == body);
  CHECK(back["tags"] == json{evil, "a'b", "c\"d"});
  CHECK(titles_for(c, "DROP TABLE") == std::vector<std::string>{evil});
  CHECK(titles_for(c, "'); DROP") == std::vector<std::string>{evil});
  // The table is intact: it lists and accepts more notes.
  create(c, {{"title", "after"}});
  auto list = c.get("/notes").json()["notes"];
  REQUIRE(list.size() == 2);
  CHECK(list[1]["title"] == evil);
  REQUIRE(send(c, "PATCH", "/notes/1", json{{"title", "x'; UPDATE notes SET title='pwned'; --"}})
              .status == 200);
  CHECK(c.get("/notes/2").json()["title"] == "after");
}

TEST_CASE("notes: data and ids persist across a SIGTERM restart") {
  TempDir dir("berth-notes");
  write_file(dir / "berth.yaml", host_config(dir, notes_options()));
  const std::string socket = (dir / "backend.sock").string();
  json first_note;
  {
    BerthProcess first({"--config", (dir / "berth.yaml").string()}, dir / "first.log");
    REQUIRE_MESSAGE(wait_for_status(socket, "/_berth/ready", 200), first.log());
    auto c = HttpClient::unix_socket(socket);
    first_note = create(c, {{"title", "survivor"}, {"body", "b"}, {"tags", {"kept"}}});
    create(c, {{"title", "second"}});
    REQUIRE(send(c, "PATCH", "/notes/1", json{{"body", "patched"}}).status == 200);
    REQUIRE(c.request("DELETE", "/notes/2").status == 204);
    first.signal(SIGTERM);
    REQUIRE(first.wait_exit(std::chrono::seconds(10)) == 0);
  }
  BerthProcess second({"--config", (dir / "berth.yaml").string()}, dir / "second.log");
  REQUIRE_MESSAGE(wait_for_status(socket, "/_berth/ready", 200), second.log());
  auto c = HttpClient::unix_socket(socket);
  auto got = c.get("/notes/1");
  REQUIRE(got.status == 200);
  CHECK(got.header("ETag") == "\"1-2\"");
  CHECK(got.json()["title"] == "survivor");
  CHECK(got.json()["body"] == "patched");
  CHECK(got.json()["tags"] == json{"kept"});
  CHECK(got.json()["created"] == first_note["created"]);
  CHECK(c.get("/notes/2").status == 404);
  // Ids are never reused, even the deleted newest one.
  CHECK(create(c, {{"title", "third"}})["id"] == 3);
  CHECK(c.get("/notes").json()["notes"].size() == 2);
}

TEST_CASE("notes: the plugin runs with its routes, its mount and its config") {
  auto host = notes_host(
      "  - name: notes\n"
      "    mount: /api/notes\n"
      "    config: {max_title: 10, max_body_bytes: 5}\n");
  auto c = host.client();
  json by_name;
  json plugins = c.get("/_berth/plugins").json()["plugins"];
  for (const auto& p : plugins) by_name[p["name"].get<std::string>()] = p;
  REQUIRE(by_name.contains("notes"));
  CHECK(by_name["notes"]["status"] == "running");
  CHECK(by_name["notes"]["mount"] == "/api/notes");
  CHECK(by_name["notes"]["error"].is_null());
  const char* isolation = std::getenv("BERTH_TEST_ISOLATION");
  CHECK(by_name["notes"]["isolation"] == (isolation ? isolation : "in-process"));
  CHECK(by_name["notes"]["routes"] == json{"GET /api/notes", "POST /api/notes",
                                           "GET /api/notes/:id", "PUT /api/notes/:id",
                                           "PATCH /api/notes/:id", "DELETE /api/notes/:id"});

  auto created =
      c.post_json("/api/notes", {{"title", "0123456789"}, {"body", "12345"}, {"tags", {"t"}}});
  REQUIRE_MESSAGE(created.status == 201, created.body);
  CHECK(created.header("Location") == "/api/notes/1");
  // v2's tags column round-trips.
  CHECK(c.get("/api/notes/1").json()["tags"] == json{"t"});
  check_error(c.post_json("/api/notes", {{"title", "01234567890"}}), 400,
              "title: must be a string of 1 to 10 characters", "title");
  // The schema follows the config: the host refuses a body over max_body_bytes code points.
  check_refused(c.post_json("/api/notes", {{"title", "t"}, {"body", "123456"}}), "body", "body",
                "/body");
  check_error(c.post_json("/api/notes", {{"title", "t"}, {"body", "\u00e9\u00e9\u00e9"}}), 400,
              "body: must be a string of at most 5 bytes", "body");
  CHECK(c.get("/notes").status == 404);
}

TEST_CASE("notes: a bad config value fails the plugin with the reason") {
  auto host = notes_host("  - name: notes\n    config: {max_title: 0}\n");
  auto plugins = host.client().get("/_berth/plugins").json()["plugins"];
  json notes;
  for (const auto& p : plugins)
    if (p["name"] == "notes") notes = p;
  CHECK(notes["status"] == "failed");
  // The plugin's config schema refuses it before the plugin runs, naming the YAML line.
  const std::string error = notes["error"];
  CHECK(error.starts_with((host.dir() / "berth.yaml").string() + ":"));
  CHECK(error.ends_with(
      "plugins[0].config.max_title: Expected number greater than or equal to 1, got 0"));
}
