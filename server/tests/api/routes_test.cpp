#include "api/routes.hpp"

#include <gtest/gtest.h>

#include "api/call.hpp"

namespace parley::api {
namespace {

TEST(routes, matches_patterns_and_captures_ids) {
  auto table = route_table();
  struct c {
    bhttp::verb v;
    const char* target;
    const char* name;  // "" = no match
    bool path_known;
    const char* param;
  };
  const c cases[] = {
      {bhttp::verb::post, "/api/users", "POST /api/users", true, ""},
      {bhttp::verb::post, "/api/users/", "POST /api/users", true, ""},
      {bhttp::verb::get, "/api/me?x=1", "GET /api/me", true, ""},
      {bhttp::verb::get, "/api/meetings/abcd-efgh-ijkl", "GET /api/meetings/:id", true,
       "abcd-efgh-ijkl"},
      {bhttp::verb::post, "/api/meetings/abcd-efgh-ijkl/join", "POST /api/meetings/:id/join", true,
       "abcd-efgh-ijkl"},
      {bhttp::verb::get, "/api/meetings/x/messages", "GET /api/meetings/:id/messages", true, "x"},
      {bhttp::verb::get, "/api/meetings/x/messages?before=5&limit=2",
       "GET /api/meetings/:id/messages", true, "x"},
      {bhttp::verb::get, "/api/meetings/x/attendance", "GET /api/meetings/:id/attendance", true,
       "x"},
      {bhttp::verb::get, "/api/meetings/x/recordings", "GET /api/meetings/:id/recordings", true,
       "x"},
      {bhttp::verb::get, "/api/recordings/r1/file", "GET /api/recordings/:id/file", true, "r1"},
      {bhttp::verb::delete_, "/api/recordings/r1", "DELETE /api/recordings/:id", true, "r1"},
      {bhttp::verb::get, "/api/recordings/r1", "", true, ""},
      {bhttp::verb::patch, "/api/me", "PATCH /api/me", true, ""},
      {bhttp::verb::delete_, "/api/me", "DELETE /api/me", true, ""},
      {bhttp::verb::post, "/api/me/password", "POST /api/me/password", true, ""},
      {bhttp::verb::get, "/api/me/password", "", true, ""},
      {bhttp::verb::delete_, "/api/meetings", "", true, ""},
      {bhttp::verb::get, "/api/meetings/a/b/c", "", false, ""},
      {bhttp::verb::get, "/api", "", false, ""},
      {bhttp::verb::get, "", "", false, ""},
      {bhttp::verb::get, "/healthz", "GET /healthz", true, ""},
  };
  for (const auto& k : cases) {
    auto m = match(table, k.v, k.target);
    EXPECT_EQ(m.found ? m.found->name : "", k.name) << k.target;
    EXPECT_EQ(m.path_known, k.path_known) << k.target;
    if (*k.param) {
      ASSERT_EQ(m.params.size(), 1u) << k.target;
      EXPECT_EQ(m.params[0], k.param);
    }
  }
}

TEST(query, finds_the_first_value_of_a_name) {
  struct c {
    const char* target;
    const char* name;
    const char* value;  // nullptr = absent
  };
  const c cases[] = {
      {"/api/x?before=12&limit=50", "before", "12"},
      {"/api/x?before=12&limit=50", "limit", "50"},
      {"/api/x?limit=1&limit=2", "limit", "1"},
      {"/api/x?limit", "limit", ""},
      {"/api/x?limit=", "limit", ""},
      {"/api/x?xlimit=3", "limit", nullptr},
      {"/api/x?a=1&&limit=4", "limit", "4"},
      {"/api/x", "limit", nullptr},
      {"/api/x?", "limit", nullptr},
  };
  for (const auto& k : cases) {
    auto v = query_value(k.target, k.name);
    if (!k.value)
      EXPECT_FALSE(v) << k.target;
    else
      EXPECT_EQ(v.value_or("<none>"), k.value) << k.target;
  }
}

}  // namespace
}  // namespace parley::api
