// docs/configuration.md is the specification of the flags: every flag parley-server accepts is
// described there, under its own `--flag` heading or table row.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "app/build_paths.hpp"
#include "app/config.hpp"

namespace parley::app {
namespace {

TEST(ConfigDoc, EveryFlagIsDocumented) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/docs/configuration.md");
  ASSERT_TRUE(in) << "docs/configuration.md is missing";
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = usage();
  const std::regex flag_re(R"(--([a-z0-9-]+))");
  int flags = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), flag_re), end; it != end; ++it) {
    const std::string flag = (*it)[0].str();
    if (flag == "--flag") continue;  // the usage line's placeholder
    ++flags;
    EXPECT_NE(doc.str().find("`" + flag), std::string::npos)
        << flag << " is not described in docs/configuration.md";
  }
  EXPECT_GT(flags, 10);
}

}  // namespace
}  // namespace parley::app
