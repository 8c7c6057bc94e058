// The shipped plugins' contracts, enforced by the real binary: a request that violates a route's
// body, query or path schema, or a job's params schema, is a 400 naming every violation
// ({"message", "errors": [{"in", "path", "message"}]}) and never reaches the handler; a valid one
// reaches it unchanged. The host runs hello, notes, runner and docker; docker's engine socket
// does not exist, so its handlers answer 503: a 400 can only be the host's (or the plugin's own
// check before it asks the engine, which names the field with "field", not "errors").
#include "berth_host.h"
#include "declared_schema.h"

#include "support/eventually.h"

#include <doctest/doctest.h>

#include <set>

using namespace berth::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string plugins_yaml(const TempDir& dir) {
  return "  - name: hello\n"
         "    mount: /\n"
         "  - name: notes\n"
         "  - name: runner\n"
         "    config:\n"
         "      commands:\n"
         "        echo:\n"
         "          description: Says a word\n"
         "          argv: [echo, '{word}']\n"
         "          params: {word: '^[a-z]+$'}\n"
         "  - name: docker\n"
         "    config:\n"
         "      socket: unix://" +
         (dir / "no-engine.sock").string() + "\n";
}

// One host for the whole file: every case below leaves it as it found it, or only adds notes.
BerthHost& host() {
  static TempDir dir("contract");
  static BerthHost shared(HostOptions{.plugins_yaml = plugins_yaml(dir)});
  return shared;
}

HttpResult send(const std::string& method, const std::string& target, const std::string& body) {
  return host().client().request(method, target, body, {"Content-Type: application/json"});
}

HttpResult send(const std::string& method, const std::string& target, const json& body) {
  return send(method, target, body.dump());
}

HttpResult get(const std::string& target) {
  return host().client().get(target);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A 400 from the host's check: every violation as "<in> <path>", each with a message of its own
// (one value may break several keywords).
// A plugin's own 400 names its field with "field" instead: seeing it here means the handler ran.
std::set<std::string> violations(const HttpResult& r) {
  REQUIRE_MESSAGE(r.status == 400, r.body);
  const json body = r.json();
  CHECK_MESSAGE(!body.contains("field"), body.dump());
  REQUIRE_MESSAGE(body.contains("errors"), body.dump());
  REQUIRE(body["errors"].is_array());
  CHECK(body["message"].is_string());
  std::set<std::string> named;
  for (const auto& e : body["errors"]) {
    CHECK_MESSAGE(e.at("message").is_string(), e.dump());
    CHECK_FALSE(e.at("message").get<std::string>().empty());
    named.insert(e.at("in").get<std::string>() + " " + e.at("path").get<std::string>());
  }
  return named;
}

using Named = std::set<std::string>;

std::string repeat(const std::string& text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

std::string message_of(const HttpResult& r) {
  return r.json().value("message", "");
}

json runner_jobs() {
  return get("/_berth/jobs?plugin=runner").json()["jobs"];
}

json docker_jobs() {
  return get("/_berth/jobs?plugin=docker").json()["jobs"];
}

}  // namespace

TEST_CASE("contract: a value of the wrong type is a 400 naming its field, in body and params") {
  auto title = send("POST", "/notes", json{{"title", 5}});
  CHECK(violations(title) == Named{"body /title"});
  CHECK(contains(message_of(title), "title"));
  CHECK(violations(send("PATCH", "/notes/1", json{{"body", false}})) == Named{"body /body"});
  CHECK(violations(send("POST", "/notes", std::string("[1, 2]"))) == Named{"body "});
  // An empty body is checked as null.
  CHECK(violations(send("POST", "/notes", std::string())) == Named{"body "});
  CHECK(violations(send("POST", "/hello/echo", std::string())) == Named{"body "});
  CHECK(violations(send("POST", "/runner/run", json{{"command", 7}})) == Named{"body /command"});
  CHECK(violations(send("POST", "/docker/containers/web/stop", json{{"timeout", "5"}})) ==
        Named{"body /timeout"});
  CHECK(get("/notes").json()["notes"].empty());
}

TEST_CASE("contract: a missing required field is named") {
  auto missing = send("POST", "/notes", json{{"body", "no title"}});
  CHECK(violations(missing).size() == 1);
  CHECK(contains(message_of(missing), "title"));
  CHECK(violations(send("POST", "/runner/run", json::object())).size() == 1);
  CHECK(contains(message_of(send("POST", "/runner/run", json::object())), "command"));
}

TEST_CASE("contract: an unknown field is a 400 where the schema allows no others") {
  CHECK(violations(send("POST", "/notes", json{{"title", "t"}, {"colour", "red"}})) ==
        Named{"body /colour"});
  // Read-only fields of a note are not part of what a client writes.
  CHECK(violations(send("POST", "/notes", json{{"title", "t"}, {"id", 5}})) == Named{"body /id"});
  CHECK(violations(send("POST", "/runner/run", json{{"command", "echo"}, {"x", 1}})) ==
        Named{"body /x"});
  CHECK(violations(send("POST", "/docker/containers/web/restart", json{{"force", true}})) ==
        Named{"body /force"});
  // Query parameters the handler ignores stay allowed.
  CHECK(get("/notes?colour=red").status == 200);
}

TEST_CASE("contract: enum, minimum and maximum, string length, array size") {
  CHECK(violations(send("POST", "/runner/run", json{{"command", "rm"}})) == Named{"body /command"});
  CHECK(violations(send("POST", "/docker/containers/web/stop", json{{"timeout", 3601}})) ==
        Named{"body /timeout"});
  CHECK(violations(send("POST", "/docker/containers/web/stop", json{{"timeout", -1}})) ==
        Named{"body /timeout"});
  CHECK(violations(send("POST", "/notes", json{{"title", ""}})) == Named{"body /title"});
  CHECK(violations(
            send("POST", "/notes", json{{"title", "t"}, {"body", std::string(100001, 'b')}})) ==
        Named{"body /body"});
  CHECK(violations(send("POST", "/notes",
                        json{{"title", "t"}, {"tags", std::vector<std::string>(33, "x")}})) ==
        Named{"body /tags"});
  // Duplicate tags are the plugin's to find (after trimming), with its own message.
  auto duplicates = send("POST", "/notes", json{{"title", "t"}, {"tags", {"a", "b", "a"}}});
  CHECK(duplicates.status == 400);
  CHECK(duplicates.json() == json{{"message", "tags: tags[2] repeats \"a\""}, {"field", "tags"}});
  CHECK(violations(get("/notes?limit=0")) == Named{"query /limit"});
  CHECK(violations(get("/notes?limit=201")) == Named{"query /limit"});
  CHECK(violations(get("/notes?q=" + std::string(501, 'q'))) == Named{"query /q"});
  CHECK(violations(get("/runner/usage?limit=1001")) == Named{"query /limit"});
  CHECK(violations(get("/docker/events?limit=10001")) == Named{"query /limit"});
  CHECK(violations(get("/docker/containers?label=" + std::string(1025, 'l'))) ==
        Named{"query /label"});
  CHECK(get("/notes").json()["notes"].empty());
}

TEST_CASE("contract: a violation inside an array or object is named by its JSON pointer") {
  auto r = send("POST", "/notes", json{{"title", "t"}, {"tags", json::array({"a", 5})}});
  CHECK(violations(r) == Named{"body /tags/1"});
  CHECK(contains(message_of(r), "tags[1]"));
  CHECK(
      violations(send("POST", "/notes", json{{"title", "t"}, {"tags", json::array({"a", ""})}})) ==
      Named{"body /tags/1"});
  CHECK(
      violations(send("POST", "/runner/run", json{{"command", "echo"}, {"args", {{"word", 5}}}})) ==
      Named{"body /args/word"});
  // A key with a slash is escaped in the pointer (RFC 6901).
  CHECK(
      violations(send("POST", "/runner/run", json{{"command", "echo"}, {"args", {{"a/b", 1}}}})) ==
      Named{"body /args/a~1b"});
}

TEST_CASE("contract: several violations at once are all named") {
  auto r = send("POST", "/notes",
                json{{"title", 5}, {"body", false}, {"tags", json::array({"ok", 7})}, {"x", 1}});
  CHECK(violations(r) == Named{"body /title", "body /body", "body /tags/1", "body /x"});
  const std::string message = message_of(r);
  for (const char* field : {"title", "body", "tags[1]", "x"})
    CHECK_MESSAGE(contains(message, field), field, " in ", message);
  CHECK(violations(get("/docker/events?limit=0&after=-1&since=" + std::string(22, '1'))) ==
        Named{"query /limit", "query /after", "query /since"});
}

TEST_CASE("contract: query parameters are converted from text where the schema says number") {
  auto bad = get("/notes?limit=abc");
  REQUIRE(bad.status == 400);
  const json first = bad.json()["errors"][0];
  CHECK(first["in"] == "query");
  CHECK(first["path"] == "/limit");
  CHECK(contains(message_of(bad), "limit"));
  CHECK(violations(get("/notes?limit=2.5")) == Named{"query /limit"});
  CHECK(violations(get("/runner/usage?limit=ten")) == Named{"query /limit"});
  CHECK(violations(get("/docker/events?after=x")) == Named{"query /after"});
  CHECK(violations(get("/docker/volumes?refresh=maybe")) == Named{"query /refresh"});
  CHECK(violations(get("/docker/volumes?refresh=")) == Named{"query /refresh"});
  CHECK(violations(get("/docker/containers?all=yes")) == Named{"query /all"});
  // The flags the handlers took before keep working: they reach the engine, which is away.
  for (const char* flag : {"true", "false", "1", "0", ""})
    CHECK_MESSAGE(get(std::string("/docker/containers?all=") + flag).status == 503, flag);
  for (const char* flag : {"true", "false", "1", "0"})
    CHECK_MESSAGE(get(std::string("/docker/volumes?refresh=") + flag).status == 503, flag);
  // Text that is a number of the right range is accepted, and the handler reads it as before.
  CHECK(get("/notes?limit=5").status == 200);
  CHECK(get("/notes?limit=200").status == 200);
  CHECK(get("/runner/usage?limit=1").status == 200);
  auto events = get("/docker/events?limit=5&after=0");
  CHECK_MESSAGE(events.status == 200, events.body);
  CHECK(events.json()["events"].is_array());
}

TEST_CASE("contract: path parameters are checked like query parameters") {
  auto r = get("/docker/containers/" + std::string(256, 'a'));
  CHECK(violations(r) == Named{"path /id"});
  CHECK(contains(message_of(r), "id"));
  CHECK(violations(get("/docker/containers/" + std::string(256, 'a') + "/logs")) ==
        Named{"path /id"});
  CHECK(violations(send("POST", "/docker/containers/" + std::string(256, 'a') + "/stop",
                        std::string())) == Named{"path /id"});
  // Within the schema's bounds, the plugin's own check still refuses what the engine would not take
  // (it names the field its own way), and a good reference reaches the engine: 503, none here.
  auto dash = get("/docker/containers/-x");
  CHECK(dash.status == 400);
  CHECK(dash.json().value("field", "") == "id");
  CHECK(get("/docker/containers/web").status == 503);
  // Any text is a note id: one that is not canonical is not found, as before.
  CHECK(get("/notes/abc").status == 404);
  CHECK(get("/notes/042").status == 404);
}

TEST_CASE("contract: valid requests reach the handler unchanged") {
  // Trimming is the handler's: it saw the title as sent.
  auto created = send("POST", "/notes",
                      json{{"title", "  Spaced  "}, {"tags", {" a", "b "}}, {"body", " x "}});
  REQUIRE_MESSAGE(created.status == 201, created.body);
  const json note = created.json();
  CHECK(note["title"] == "Spaced");
  CHECK(note["tags"] == json{"a", "b"});
  CHECK(note["body"] == " x ");
  const std::string id = std::to_string(note["id"].get<long>());
  // Duplicates after trimming pass the schema (they differ as sent) and the handler refuses them
  // with its own field-naming message.
  auto duplicate = send("POST", "/notes", json{{"title", "t"}, {"tags", {"a", " a"}}});
  CHECK(duplicate.status == 400);
  CHECK(duplicate.json() == json{{"message", "tags: tags[1] repeats \"a\""}, {"field", "tags"}});
  auto blank = send("PATCH", "/notes/" + id, json{{"title", "   "}});
  CHECK(blank.status == 400);
  CHECK(blank.json().value("field", "") == "title");
  CHECK(send("PATCH", "/notes/" + id, json::object()).status == 200);
  CHECK(send("PUT", "/notes/" + id, json{{"title", "Replaced"}}).json()["title"] == "Replaced");
  CHECK(host().client().request("DELETE", "/notes/" + id).status == 204);

  // The echo gets the very body; the greeting the very path segment.
  const json value = {
      {"n", 1.5}, {"s", "  x  "}, {"list", {1, "2", nullptr}}, {"nested", {{"a", {}}}}};
  auto echoed = send("POST", "/hello/echo", value);
  REQUIRE(echoed.status == 200);
  CHECK(echoed.json() == value);
  CHECK(send("POST", "/hello/echo", std::string("0")).json() == 0);
  CHECK(get("/hello/007").json()["message"] == "hello, 007");
}

TEST_CASE("contract: job params are checked at the generic job route before validate") {
  const std::size_t runner_before = runner_jobs().size();
  const std::size_t docker_before = docker_jobs().size();
  CHECK(violations(send("POST", "/runner/jobs/run", json{{"command", 5}})) ==
        Named{"body /command"});
  CHECK(violations(send("POST", "/runner/jobs/run", json{{"command", "rm"}})) ==
        Named{"body /command"});
  CHECK(violations(send("POST", "/runner/jobs/run",
                        json{{"command", "echo"}, {"args", {{"word", 5}}}, {"extra", true}})) ==
        Named{"body /args/word", "body /extra"});
  CHECK(violations(send("POST", "/runner/jobs/run", std::string())).size() == 1);
  CHECK(runner_jobs().size() == runner_before);

  CHECK(violations(send("POST", "/docker/jobs/restart", json{{"id", 5}})) == Named{"body /id"});
  CHECK(violations(send("POST", "/docker/jobs/stop", json{{"id", "web"}, {"timeout", 4000}})) ==
        Named{"body /timeout"});
  CHECK(violations(send("POST", "/docker/jobs/stop", json::object())).size() == 1);
  CHECK(violations(send("POST", "/docker/jobs/volume-sizes", json{{"x", 1}})) == Named{"body /x"});
  CHECK(docker_jobs().size() == docker_before);
}

TEST_CASE("contract: valid job params are queued as given, and results match their schema") {
  // The run job's result is checked against its result_schema: a violation would fail the job.
  auto started = send("POST", "/runner/run", json{{"command", "echo"}, {"args", {{"word", "hi"}}}});
  REQUIRE_MESSAGE(started.status == 202, started.body);
  const std::string id = started.json()["id"];
  json job;
  REQUIRE(eventually(
      [&] {
        job = get("/_berth/jobs/" + id + "?wait=5").json();
        return job["state"] != "queued" && job["state"] != "running";
      },
      20s));
  CHECK_MESSAGE(job["state"] == "succeeded", job.dump());
  CHECK(job["result"]["argv"] == json{"echo", "hi"});
  CHECK(job["params"] == json{{"command", "echo"}, {"args", {{"word", "hi"}}}});

  // The docker jobs' params pass the schema and validate; without an engine the job then fails.
  auto restart = send("POST", "/docker/jobs/restart", json{{"id", "web"}, {"timeout", nullptr}});
  REQUIRE_MESSAGE(restart.status == 202, restart.body);
  const std::string restart_id = restart.json()["id"];
  REQUIRE(eventually([&] { return get("/_berth/jobs/" + restart_id).json()["state"] == "failed"; },
                     20s));
  CHECK(get("/_berth/jobs/" + restart_id).json()["params"] ==
        json{{"id", "web"}, {"timeout", nullptr}});
}

TEST_CASE("runner: its own refusals carry errors naming the field, as the host's do") {
  struct Case {
    json params;
    std::string message;
    std::string path;
  };
  const std::vector<Case> cases = {
      {{{"command", "echo"}, {"args", {{"word", "a b"}}}},
       "args.word: 'a b' does not match ^[a-z]+$",
       "/args/word"},
      {{{"command", "echo"}}, "args.word: a string is required", "/args/word"},
      {{{"command", "echo"}, {"args", {{"word", "a"}, {"other", "b"}}}},
       "args.other: command 'echo' takes no such parameter",
       "/args/other"},
      // Within the schema's maxLength (code points), over max_arg_bytes (bytes).
      {{{"command", "echo"}, {"args", {{"word", repeat("\u00e9", 2100)}}}},
       "args.word: 4200 bytes is longer than the limit of 4096 (max_arg_bytes)",
       "/args/word"},
  };
  const std::size_t before = runner_jobs().size();
  for (const auto& [params, message, path] : cases) {
    CAPTURE(params.dump().substr(0, 100));
    auto r = send("POST", "/runner/run", params);
    REQUIRE(r.status == 400);
    const std::string problem = message.substr(message.find(": ") + 2);
    CHECK(r.json() == json{{"message", message},
                           {"errors", {{{"in", "body"}, {"path", path}, {"message", problem}}}}});
    // The generic job route runs the same check as the job's validate: the message only.
    auto generic = send("POST", "/runner/jobs/run", params);
    CHECK(generic.status == 400);
    CHECK(message_of(generic) == message);
  }
  CHECK(runner_jobs().size() == before);
}

TEST_CASE("contract: real answers match the schemas the document declares for their status") {
  const json document = get("/_berth/openapi.json").json();
  auto created = send("POST", "/notes", json{{"title", "doc"}, {"tags", {"t"}}});
  const std::string id = std::to_string(created.json()["id"].get<long>());
  const std::string item = "/notes/" + id;
  check_declared(document, "post", "/notes", created);
  check_declared(document, "post", "/notes", send("POST", "/notes", json{{"title", " "}}));
  check_declared(document, "get", "/notes", get("/notes?limit=1"));
  check_declared(document, "get", "/notes/{id}", get(item));
  check_declared(document, "get", "/notes/{id}", get("/notes/999999"));
  check_declared(document, "put", "/notes/{id}", send("PUT", item, json{{"title", "again"}}));
  check_declared(document, "patch", "/notes/{id}", send("PATCH", item, json{{"body", "b"}}));
  check_declared(document, "patch", "/notes/{id}",
                 host().client().request("PATCH", item, R"({"body": "c"})",
                                         {"Content-Type: application/json", "If-Match: \"0-0\""}));
  check_declared(document, "delete", "/notes/{id}", host().client().request("DELETE", item));
  check_declared(document, "delete", "/notes/{id}", host().client().request("DELETE", item));
  check_declared(document, "get", "/hello", get("/hello"));
  check_declared(document, "get", "/hello/{name}", get("/hello/you"));
  check_declared(document, "post", "/hello/echo", send("POST", "/hello/echo", json{{"a", 1}}));
  check_declared(document, "get", "/runner/commands", get("/runner/commands"));
  check_declared(document, "get", "/runner/usage", get("/runner/usage"));
  check_declared(document, "post", "/runner/run",
                 send("POST", "/runner/run", json{{"command", "echo"}, {"args", {{"word", "x"}}}}));
  check_declared(document, "post", "/runner/run",
                 send("POST", "/runner/run", json{{"command", "echo"}, {"args", {{"word", "X"}}}}));
  check_declared(document, "get", "/docker/status", get("/docker/status"));
  check_declared(document, "get", "/docker/events", get("/docker/events"));
  check_declared(document, "get", "/docker/info", get("/docker/info"));  // 503: no engine
  check_declared(document, "get", "/docker/containers", get("/docker/containers"));
  check_declared(document, "get", "/docker/containers/{id}", get("/docker/containers/-x"));
  check_declared(document, "get", "/docker/volumes", get("/docker/volumes"));
  check_declared(document, "post", "/docker/containers/{id}/stop",
                 send("POST", "/docker/containers/web/stop", std::string()));
}
