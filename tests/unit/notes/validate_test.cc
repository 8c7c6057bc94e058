#include "test_helpers.h"

#include "validate.h"

#include <doctest/doctest.h>

using namespace notes;
using nlohmann::json;
using notes::test::failure_of;

namespace {

const Limits kLimits;

// Checks that parse_full(body) is a 400 with exactly this message and field.
void check_rejects(const json& body, const std::string& message, const std::string& field) {
  CAPTURE(body.dump());
  auto f = failure_of([&] { parse_full(body, kLimits); });
  CHECK(f.status == 400);
  CHECK(f.message == message);
  CHECK(f.details == json{{"field", field}});
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kTitleProblem = "title: must be a string of 1 to 200 characters";
const std::string kBodyProblem = "body: must be a string of at most 100000 bytes";

}  // namespace

TEST_CASE("a full body needs only a title; body and tags default to empty") {
  NoteFields f = parse_full(json{{"title", "hello"}}, kLimits);
  CHECK(f.title == "hello");
  CHECK(f.body == "");
  CHECK(f.tags.empty());
  f = parse_full(json{{"title", "t"}, {"body", "b"}, {"tags", json::array({"x", "y"})}}, kLimits);
  CHECK(f == NoteFields{"t", "b", {"x", "y"}});
}

TEST_CASE("title is required, trimmed, and 1 to max_title code points") {
  check_rejects(json::object(), "title: is required", "title");
  check_rejects(json{{"body", "only a body"}}, "title: is required", "title");
  check_rejects(json{{"title", ""}}, kTitleProblem, "title");
  check_rejects(json{{"title", " \t\n "}}, kTitleProblem, "title");
  check_rejects(json{{"title", repeat("a", 201)}}, kTitleProblem, "title");
  check_rejects(json{{"title", repeat("é", 201)}}, kTitleProblem, "title");
  CHECK(parse_full(json{{"title", "  spaced out \n"}}, kLimits).title == "spaced out");
  CHECK(parse_full(json{{"title", repeat("a", 200)}}, kLimits).title.size() == 200);
  // 200 code points of two bytes each: the limit counts characters, not bytes.
  CHECK(parse_full(json{{"title", repeat("é", 200)}}, kLimits).title.size() == 400);
  // Trimming happens before counting.
  CHECK(parse_full(json{{"title", "  " + repeat("a", 200) + "  "}}, kLimits).title.size() == 200);
}

TEST_CASE("title of the wrong type") {
  for (const json& bad : {json(42), json(nullptr), json(true), json::array({"t"}), json::object()})
    check_rejects(json{{"title", bad}}, kTitleProblem, "title");
}

TEST_CASE("body is verbatim and at most max_body_bytes bytes") {
  CHECK(parse_full(json{{"title", "t"}, {"body", "  keep me  \n"}}, kLimits).body ==
        "  keep me  \n");
  CHECK(parse_full(json{{"title", "t"}, {"body", repeat("b", 100000)}}, kLimits).body.size() ==
        100000);
  CHECK(parse_full(json{{"title", "t"}, {"body", repeat("é", 50000)}}, kLimits).body.size() ==
        100000);
  check_rejects(json{{"title", "t"}, {"body", repeat("b", 100001)}}, kBodyProblem, "body");
  check_rejects(json{{"title", "t"}, {"body", repeat("é", 50001)}}, kBodyProblem, "body");
  for (const json& bad : {json(1), json(nullptr), json::array(), json::object()})
    check_rejects(json{{"title", "t"}, {"body", bad}}, kBodyProblem, "body");
}

TEST_CASE("tags: an array of at most 32 distinct strings of 1 to 64 characters") {
  json ok = json::array();
  for (int i = 0; i < 32; ++i) ok.push_back("tag" + std::to_string(i));
  CHECK(parse_full(json{{"title", "t"}, {"tags", ok}}, kLimits).tags.size() == 32);
  json too_many = ok;
  too_many.push_back("one more");
  const std::string array_problem = "tags: must be an array of at most 32 strings";
  check_rejects(json{{"title", "t"}, {"tags", too_many}}, array_problem, "tags");
  for (const json& bad : {json("a,b"), json(nullptr), json(3), json::object()})
    check_rejects(json{{"title", "t"}, {"tags", bad}}, array_problem, "tags");

  const std::string second = "tags: tags[1] must be a string of 1 to 64 characters";
  check_rejects(json{{"title", "t"}, {"tags", json::array({"a", 7})}}, second, "tags");
  check_rejects(json{{"title", "t"}, {"tags", json::array({"a", nullptr})}}, second, "tags");
  check_rejects(json{{"title", "t"}, {"tags", json::array({"a", ""})}}, second, "tags");
  check_rejects(json{{"title", "t"}, {"tags", json::array({"a", "   "})}}, second, "tags");
  check_rejects(json{{"title", "t"}, {"tags", json::array({"a", repeat("x", 65)})}}, second,
                "tags");
  CHECK(parse_full(json{{"title", "t"}, {"tags", json::array({repeat("ü", 64)})}}, kLimits)
            .tags[0]
            .size() == 128);
  CHECK(parse_full(json{{"title", "t"}, {"tags", json::array({" padded "})}}, kLimits).tags ==
        std::vector<std::string>{"padded"});
}

TEST_CASE("duplicate tags are rejected, after trimming, case-sensitively") {
  check_rejects(json{{"title", "t"}, {"tags", json::array({"a", "b", "a"})}},
                "tags: tags[2] repeats \"a\"", "tags");
  check_rejects(json{{"title", "t"}, {"tags", json::array({"a", " a "})}},
                "tags: tags[1] repeats \"a\"", "tags");
  CHECK(parse_full(json{{"title", "t"}, {"tags", json::array({"a", "A"})}}, kLimits).tags.size() ==
        2);
}

TEST_CASE("unknown and read-only fields are named") {
  check_rejects(json{{"title", "t"}, {"colour", "red"}},
                "colour: unknown field (expected title, body, tags)", "colour");
  check_rejects(json{{"title", "t"}, {"Title", "t"}},
                "Title: unknown field (expected title, body, tags)", "Title");
  for (const char* field : {"id", "created", "updated", "etag"})
    check_rejects(json{{"title", "t"}, {field, 1}}, std::string(field) + ": is read-only", field);
  // Field problems come in a fixed order: unknown fields first, then body, tags, title.
  check_rejects(json{{"title", 5}, {"zzz", 1}}, "zzz: unknown field (expected title, body, tags)",
                "zzz");
  check_rejects(json{{"title", 5}, {"body", 5}}, kBodyProblem, "body");
}

TEST_CASE("the body must be a JSON object") {
  for (const json& bad : {json(nullptr), json::array(), json("text"), json(1)}) {
    CAPTURE(bad.dump());
    auto f = failure_of([&] { parse_full(bad, kLimits); });
    CHECK(f.status == 400);
    CHECK(f.message == "the request body must be a JSON object");
    CHECK(f.details == json::object());
    f = failure_of([&] { parse_patch(bad, kLimits); });
    CHECK(f.message == "the request body must be a JSON object");
  }
}

TEST_CASE("a patch carries only the fields given, checked the same way") {
  NotePatch empty = parse_patch(json::object(), kLimits);
  CHECK_FALSE(empty.title);
  CHECK_FALSE(empty.body);
  CHECK_FALSE(empty.tags);
  NotePatch body_only = parse_patch(json{{"body", ""}}, kLimits);
  CHECK(body_only.body == "");
  CHECK_FALSE(body_only.title);

  NoteFields current{"title", "body", {"a"}};
  CHECK(apply_patch(current, parse_patch(json{{"body", "new"}}, kLimits)) ==
        NoteFields{"title", "new", {"a"}});
  CHECK(apply_patch(current, parse_patch(json{{"tags", json::array()}}, kLimits)) ==
        NoteFields{"title", "body", {}});
  CHECK(apply_patch(current, empty) == current);

  auto f = failure_of([&] { parse_patch(json{{"title", nullptr}}, kLimits); });
  CHECK(f.message == kTitleProblem);
  f = failure_of([&] { parse_patch(json{{"title", "  "}}, kLimits); });
  CHECK(f.message == kTitleProblem);
  f = failure_of([&] { parse_patch(json{{"id", 3}}, kLimits); });
  CHECK(f.message == "id: is read-only");
}

TEST_CASE("limits come from the settings and appear in the messages") {
  Limits small{.max_title = 5, .max_body_bytes = 3};
  CHECK(parse_full(json{{"title", "12345"}, {"body", "123"}}, small).title == "12345");
  auto f = failure_of([&] { parse_full(json{{"title", "123456"}}, small); });
  CHECK(f.message == "title: must be a string of 1 to 5 characters");
  f = failure_of([&] { parse_full(json{{"title", "t"}, {"body", "1234"}}, small); });
  CHECK(f.message == "body: must be a string of at most 3 bytes");
}

TEST_CASE("utf8_length counts code points; trim removes ASCII whitespace only") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("abc") == 3);
  CHECK(utf8_length("é") == 1);
  CHECK(utf8_length("日本語") == 3);
  CHECK(utf8_length("😀") == 1);
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim(" \t ") == "");
  CHECK(trim("\xC2\xA0x") == "\xC2\xA0x");  // no-break space is content
}
