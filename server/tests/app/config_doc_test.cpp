// docs/configuration.md is the specification of the flags: every flag parley-server accepts is
// described there, as `--flag` in its table.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "app/build_paths.hpp"
#include "app/config.hpp"

namespace parley::app {
namespace {

std::string read_doc() {
  std::ifstream in(PARLEY_SOURCE_DIR "/docs/configuration.md");
  std::stringstream doc;
  doc << in.rdbuf();
  return doc.str();
}

TEST(ConfigDoc, EveryFlagIsDocumented) {
  const std::string doc = read_doc();
  ASSERT_FALSE(doc.empty()) << "docs/configuration.md is missing";
  const std::string text = usage();
  int flags = 0;
  // usage() has one line per flag: "  --name   help [PARLEY_NAME]".
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto start = line.find_first_not_of(' ');
    if (start == std::string::npos || line.compare(start, 2, "--") != 0) continue;
    std::string needle(1, '`');
    for (std::size_t i = start; i < line.size() && line[i] != ' '; ++i) needle.push_back(line[i]);
    ++flags;
    EXPECT_NE(doc.find(needle), std::string::npos)
        << needle.substr(1) << " is not described in docs/configuration.md";
  }
  EXPECT_GT(flags, 10);
}

}  // namespace
}  // namespace parley::app
