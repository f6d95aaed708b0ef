#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "http/http_test_client.hpp"

namespace parley::http {
namespace {

namespace fs = std::filesystem;
using testing::client;
using testing::make_request;
using testing::running_server;

class static_files_test : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("parley-static-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><title>app</title>");
    write("assets/app-1234.js", "console.log(1)");
    write("favicon.svg", "<svg/>");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(root_ / name) << text;
  }
  fs::path root_;
};

TEST_F(static_files_test, serves_files_with_types_and_caching) {
  running_server srv(std::make_shared<static_files>(root_, "default-src 'self'"));
  client c(srv.port());
  auto js = c.send(make_request(bhttp::verb::get, "/assets/app-1234.js"));
  EXPECT_EQ(js.body(), "console.log(1)");
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_NE(js[bhttp::field::cache_control].find("immutable"), std::string::npos);
  auto html = c.send(make_request(bhttp::verb::get, "/"));
  EXPECT_EQ(html["Content-Security-Policy"], "default-src 'self'");
}

// docs/web.md "Join sequence": a return visit fetches none of the hashed assets again, while
// index.html (which names them) and the unhashed files are revalidated on every visit.
TEST_F(static_files_test, hashed_assets_are_immutable_and_everything_else_revalidated) {
  running_server srv(std::make_shared<static_files>(root_, "x"));
  client c(srv.port());
  EXPECT_EQ(
      c.send(make_request(bhttp::verb::get, "/assets/app-1234.js"))[bhttp::field::cache_control],
      "public, max-age=31536000, immutable");
  for (const char* path : {"/", "/index.html", "/m/abcd-efgh-ijkl?autojoin=1", "/favicon.svg"})
    EXPECT_EQ(c.send(make_request(bhttp::verb::get, path))[bhttp::field::cache_control], "no-cache")
        << path;
}

TEST_F(static_files_test, client_routes_fall_back_to_index_but_missing_assets_are_404) {
  running_server srv(std::make_shared<static_files>(root_, "x"));
  client c(srv.port());
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/m/abcd-efgh-ijkl?name=A")).body(),
            "<!doctype html><title>app</title>");
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/assets/missing.js")).result(),
            bhttp::status::not_found);
  // Only files loaded from the root exist here; a traversal gets the app, never the file.
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/../../etc/passwd")).body().find("root:"),
            std::string::npos);
}

TEST_F(static_files_test, refuses_writes) {
  running_server srv(std::make_shared<static_files>(root_, "x"));
  client c(srv.port());
  EXPECT_EQ(c.send(make_request(bhttp::verb::post, "/")).result(),
            bhttp::status::method_not_allowed);
}

}  // namespace
}  // namespace parley::http
