// What routes and jobs declare, through the real binary: the host checks input before the
// handler (tests/fixtures/contract_plugin.cc echoes what reached it), fails a job whose result
// breaks its schema, refuses an unusable schema, and publishes /_berth/openapi.json.
#include "berth_host.h"

#include <doctest/doctest.h>

#include <thread>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

const std::string kPlugins = "  - name: contract\n  - name: hello\n  - name: jobs\n";

// {pointer -> message} of a 400's errors, each also carrying `in`.
std::map<std::string, std::string> errors_of(const HttpResult& r, const std::string& in) {
  std::map<std::string, std::string> out;
  const nlohmann::json body = r.json();  // kept: the loop must not run over a temporary's member
  for (const auto& e : body["errors"])
    if (e["in"] == in) out[e["path"].get<std::string>()] = e["message"];
  return out;
}

nlohmann::json wait_final(HttpClient& c, const std::string& id) {
  for (int i = 0; i < 100; ++i) {
    auto job = c.get("/_berth/jobs/" + id + "?wait=5&include=result").json();
    std::string state = job["state"];
    if (state != "queued" && state != "running") return job;
  }
  FAIL("job " << id << " did not finish");
  return {};
}

TEST_CASE("valid input reaches the handler unchanged; every violation is a 400 naming it") {
  BerthHost host({.plugins_yaml = kPlugins});
  auto c = host.client();
  auto ok = c.post_json("/contract/items/3?limit=5&verbose=true",
                        {{"title", "hi"}, {"tags", {"a"}}, {"owner", {{"name", "x"}}}});
  REQUIRE(ok.status == 200);
  // The handler sees the text of the query and path, not the converted values.
  CHECK(ok.json()["query"] == nlohmann::json{{"limit", "5"}, {"verbose", "true"}});
  CHECK(ok.json()["params"] == nlohmann::json{{"id", "3"}});
  CHECK(ok.json()["body"]["title"] == "hi");

  auto bad =
      c.post_json("/contract/items/0?limit=abc&verbose=maybe", {{"title", 5},
                                                                {"kind", "c"},
                                                                {"count", 11},
                                                                {"tags", {"a", "toolong"}},
                                                                {"owner", nlohmann::json::object()},
                                                                {"colour", "red"}});
  REQUIRE(bad.status == 400);
  auto body = errors_of(bad, "body");
  CHECK(body["/title"] == "expected \"string\", got 5");
  CHECK(body["/kind"].find("\"c\"") != std::string::npos);
  CHECK(body["/count"].find("got 11") != std::string::npos);
  CHECK(body["/tags/1"].find("\"toolong\"") != std::string::npos);
  CHECK(body["/owner/name"] == "required");
  CHECK(body["/colour"].find("unknown key 'colour'") == 0);
  CHECK(body.size() == 6);
  auto query = errors_of(bad, "query");
  CHECK(query["/limit"] == "expected \"integer\", got \"abc\"");
  CHECK(query["/verbose"] == "expected \"boolean\", got \"maybe\"");
  CHECK(errors_of(bad, "path")["/id"].find("got 0") != std::string::npos);
  const std::string message = bad.json()["message"];
  CHECK(message.find("path parameter 'id': ") == 0);
  CHECK(message.find("title: expected \"string\", got 5") != std::string::npos);
  CHECK(message.find("tags[1]: ") != std::string::npos);
  CHECK(message.find("query parameter 'limit': ") != std::string::npos);

  // A required query parameter missing, a body that is not JSON, an empty body.
  auto no_limit = c.post_json("/contract/items/3", {{"title", "x"}});
  CHECK(no_limit.status == 400);
  CHECK(no_limit.json()["errors"][0] ==
        nlohmann::json{{"in", "query"}, {"path", "/limit"}, {"message", "required"}});
  CHECK(no_limit.json()["message"] == "query parameter 'limit': required");
  auto not_json = c.request("POST", "/contract/items/3?limit=1",
                            "{\"title\":", {"Content-Type: application/json"});
  CHECK(not_json.status == 400);
  CHECK(not_json.json()["message"].get<std::string>().find("invalid JSON body") == 0);
  auto empty = c.request("POST", "/contract/items/3?limit=1");
  CHECK(empty.status == 400);
  CHECK(empty.json()["errors"][0]["message"] == "expected \"object\", got null");
  // A schema that accepts null takes the empty body.
  CHECK(c.request("PUT", "/contract/maybe").status == 200);
  CHECK(c.request("PUT", "/contract/maybe", "[1]", {"Content-Type: application/json"}).status ==
        400);
  // A route that declares nothing checks nothing.
  CHECK(c.get("/contract/open/anything?x=1").status == 200);
}

TEST_CASE("job params are checked against params_schema before validate; results too") {
  BerthHost host({.plugins_yaml = kPlugins});
  auto c = host.client();
  auto missing = c.post_json("/contract/jobs/add", {{"a", 1}});
  REQUIRE(missing.status == 400);
  CHECK(missing.json()["errors"][0]["in"] == "body");
  CHECK(missing.json()["message"].get<std::string>().find("b") != std::string::npos);
  auto several = c.post_json("/contract/jobs/add", {{"a", "x"}, {"b", 1}, {"c", 3}});
  REQUIRE(several.status == 400);
  CHECK(errors_of(several, "body").count("/a") == 1);
  CHECK(errors_of(several, "body").count("/c") == 1);
  // The schema passed: validate has its say.
  auto unlucky = c.post_json("/contract/jobs/add", {{"a", 13}, {"b", 1}});
  CHECK(unlucky.status == 400);
  CHECK(unlucky.json()["message"] == "a: 13 is unlucky");
  // Nothing refused was stored.
  CHECK(c.get("/_berth/jobs?plugin=contract").json()["jobs"].empty());

  auto started = c.post_json("/contract/jobs/add", {{"a", 2}, {"b", 3}});
  REQUIRE(started.status == 202);
  auto done = wait_final(c, started.json()["id"]);
  CHECK(done["state"] == "succeeded");
  CHECK(done["result"] == nlohmann::json{{"sum", 5}});

  auto wrong = c.post_json("/contract/jobs/add", {{"a", 2}, {"b", 3}, {"wrong", true}});
  REQUIRE(wrong.status == 202);
  auto failed = wait_final(c, wrong.json()["id"]);
  CHECK(failed["state"] == "failed");
  CHECK(failed["error"].get<std::string>().find("does not match its result_schema: sum:") !=
        std::string::npos);
}

TEST_CASE("a plugin whose schema cannot be used fails to register, naming the route") {
  BerthHost host({.plugins_yaml = "  - name: hello\n  - name: bad_schema\n"});
  const nlohmann::json plugins = host.client().get("/_berth/plugins").json();
  for (const auto& p : plugins["plugins"]) {
    if (p["name"] != "bad_schema") continue;
    CHECK(p["status"] == "failed");
    CHECK(p["error"].get<std::string>().find(
              "route POST /bad_schema/x: body_schema is not a usable JSON Schema") !=
          std::string::npos);
  }
  CHECK(host.client().get("/bad_schema/x").status == 503);  // configured, not running
}

TEST_CASE("/_berth/openapi.json documents every route, and berth openapi prints the same") {
  BerthHost host({.plugins_yaml = kPlugins});
  auto c = host.client();
  auto r = c.get("/_berth/openapi.json");
  REQUIRE(r.status == 200);
  auto doc = r.json();
  CHECK(doc["openapi"] == "3.1.0");
  const auto& paths = doc["paths"];

  // Every route /_berth/plugins lists, and the host's own.
  int listed = 0;
  const nlohmann::json plugins = c.get("/_berth/plugins").json();
  for (const auto& p : plugins["plugins"]) {
    for (const auto& route : p["routes"]) {
      std::string text = route;
      std::string method = text.substr(0, text.find(' '));
      std::string path = text.substr(text.find(' ') + 1);
      for (char& ch : method) ch = static_cast<char>(std::tolower(ch));
      std::string templated;  // "/notes/:id" -> "/notes/{id}"
      for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == ':') {
          std::size_t end = path.find('/', i);
          if (end == std::string::npos) end = path.size();
          templated += "{" + path.substr(i + 1, end - i - 1) + "}";
          i = end - 1;
        } else {
          templated += path[i];
        }
      }
      CAPTURE(text);
      CHECK(paths.contains(templated));
      CHECK(paths[templated].contains(method));
      CHECK(paths[templated][method]["x-berth-plugin"] == p["name"]);
      ++listed;
    }
  }
  CHECK(listed >= 8);
  for (const char* p :
       {"/_berth/health", "/_berth/ready", "/_berth/plugins", "/_berth/jobs", "/_berth/jobs/{id}",
        "/_berth/jobs/{id}/cancel", "/_berth/openapi.json", "/_berth/config", "/_berth/version",
        "/_berth/tasks", "/_berth/logs", "/_berth/metrics"})
    CHECK_MESSAGE(paths.contains(p), p);
  // The metrics are text, not JSON: the document says so, and so the typed client reads text.
  CHECK(paths["/_berth/metrics"]["get"]["responses"]["200"]["content"].contains(
      "text/plain; version=0.0.4; charset=utf-8"));

  const auto& echo = paths["/contract/items/{id}"]["post"];
  CHECK(echo["operationId"] == "contract.echoItem");
  CHECK(echo["x-berth-operation"] == "echoItem");
  CHECK(echo["tags"] == nlohmann::json{"contract", "items"});
  CHECK(echo["summary"] == "Echo an item");
  CHECK(echo["requestBody"]["required"] == true);
  CHECK(echo["requestBody"]["content"]["application/json"]["schema"]["required"] ==
        nlohmann::json{"title"});
  std::map<std::string, nlohmann::json> params;
  for (const auto& p : echo["parameters"]) params[p["name"]] = p;
  CHECK(params["id"]["in"] == "path");
  CHECK(params["id"]["required"] == true);
  CHECK(params["id"]["schema"]["type"] == "integer");
  CHECK(params["limit"]["in"] == "query");
  CHECK(params["limit"]["required"] == true);
  CHECK(params["verbose"]["required"] == false);
  CHECK(echo["responses"].contains("400"));
  CHECK(echo["responses"]["503"]["$ref"] == "#/components/responses/Unavailable");

  const auto& job = paths["/contract/jobs/add"]["post"];
  CHECK(job["operationId"] == "contract.jobs.add");
  CHECK(job["summary"] == "Add two integers");
  CHECK(job["x-berth-job"]["result"]["required"] == nlohmann::json{"sum"});
  CHECK(job["requestBody"]["content"]["application/json"]["schema"]["required"] ==
        nlohmann::json{"a", "b"});
  CHECK(job["responses"].contains("202"));
  // Undeclared: open schemas, a default name.
  const auto& open = paths["/contract/open/{x}"]["get"];
  CHECK(open["operationId"] == "contract.getOpenByX");
  CHECK(open["responses"]["200"]["content"]["application/json"]["schema"] ==
        nlohmann::json::object());
  CHECK(paths["/contract/text"]["get"]["responses"]["200"]["content"].contains("text/plain"));
  CHECK(doc["components"]["schemas"]["Error"]["required"] == nlohmann::json{"message"});
  CHECK(paths["/_berth/jobs/{id}"]["get"]["operationId"] == "berth.getJob");

  // The same document without a server.
  write_file(host.dir() / "same.yaml", host_config(host.dir(), {.plugins_yaml = kPlugins}));
  auto printed =
      run_command({berth_binary(), "openapi", "--config", (host.dir() / "same.yaml").string()});
  REQUIRE(printed.exit_code == 0);
  CHECK(nlohmann::json::parse(printed.output) == doc);
}

TEST_CASE("berth openapi fails, naming the plugin problem, when a plugin cannot register") {
  TempDir dir;
  write_file(dir / "berth.yaml", host_config(dir, {.plugins_yaml = "  - name: bad_schema\n"}));
  auto r = run_command({berth_binary(), "openapi", "--config", (dir / "berth.yaml").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("body_schema is not a usable JSON Schema") != std::string::npos);
  CHECK(r.output.find("berth openapi: no document") != std::string::npos);
}

}  // namespace
