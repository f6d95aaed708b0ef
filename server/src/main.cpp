// parley-server: see app/application.hpp.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/application.hpp"

int main(int argc, char** argv) {
  using namespace parley::app;
  auto parsed = parse_config({argv + 1, argv + argc},
                             [](const char* n) -> const char* { return std::getenv(n); });
  if (parsed.help) {
    std::cout << usage();
    return 0;
  }
  if (!parsed.cfg) {
    std::cerr << "parley-server: " << parsed.error << "\n";
    return 2;
  }
  application app(std::move(*parsed.cfg));
  if (auto err = app.start(); !err.empty()) {
    std::cerr << "parley-server: " << err << "\n";
    return 1;
  }
  return app.run();
}
