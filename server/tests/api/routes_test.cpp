#include "api/routes.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace parley::api
