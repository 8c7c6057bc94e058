#include "client/ts_names.h"

#include <doctest/doctest.h>

using namespace berth::client;

TEST_CASE("camel_case joins words and keeps the case inside them") {
  CHECK(camel_case("list-jobs") == "listJobs");
  CHECK(camel_case("list_jobs") == "listJobs");
  CHECK(camel_case("ListJobs") == "listJobs");
  CHECK(camel_case("listJobs") == "listJobs");
  CHECK(camel_case("jobs.run") == "jobsRun");
  CHECK(camel_case("odd keys") == "oddKeys");
  CHECK(camel_case("my-plugin") == "myPlugin");
  CHECK(camel_case("__proto__") == "proto");
}

TEST_CASE("camel_case and pascal_case never give an empty or digit-first identifier") {
  CHECK(camel_case("") == "op");
  CHECK(camel_case("--") == "op");
  CHECK(camel_case("2fa") == "_2fa");
  CHECK(pascal_case("my-plugin") == "MyPlugin");
  CHECK(pascal_case("myPlugin2") == "MyPlugin2");
  CHECK(pascal_case("") == "Op");
  CHECK(pascal_case("404") == "_404");
}

TEST_CASE("reserved words become usable variables") {
  CHECK(is_reserved_word("default"));
  CHECK(is_reserved_word("delete"));
  CHECK(is_reserved_word("await"));
  CHECK(is_reserved_word("string"));
  CHECK_FALSE(is_reserved_word("id"));
  CHECK(variable_name("default") == "default_");
  CHECK(variable_name("class") == "class_");
  CHECK(variable_name("id") == "id");
}

TEST_CASE("property keys are bare identifiers or JSON strings") {
  CHECK(property_key("title") == "title");
  CHECK(property_key("$ref") == "$ref");
  CHECK(property_key("content-type") == "\"content-type\"");
  CHECK(property_key("0") == "\"0\"");
  CHECK(property_key("") == "\"\"");
  CHECK(property_key("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(property_key(std::string("a\nb")) == "\"a\\u000ab\"");
}

TEST_CASE("NameScope numbers the later claims of one name") {
  NameScope scope({"jobs"});
  CHECK(scope.claim("jobs") == "jobs2");
  CHECK(scope.claim("listItems") == "listItems");
  CHECK(scope.claim("listItems") == "listItems2");
  CHECK(scope.claim("listItems") == "listItems3");
  CHECK(scope.claim("listItems2") == "listItems22");
  CHECK(scope.taken("listItems3"));
}
