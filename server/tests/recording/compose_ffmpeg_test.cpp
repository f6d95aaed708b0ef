// The composed file made by the real ffmpeg (docs/recording.md "Processing"): a camera whose
// frame size changes mid-recording keeps its tile, and so does the camera beside it. Needs
// ffmpeg (Debian ffmpeg); skipped without it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "recording/compose.hpp"

namespace parley::recording {
namespace {

namespace fs = std::filesystem;

std::string quoted(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) {
    out += " '";
    for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += "'";
  }
  return out;
}

bool run(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

/// A VP8 test pattern of `size` lasting `seconds`.
bool pattern(const std::string& file, const std::string& size, int seconds) {
  return run("ffmpeg -v error -y -f lavfi -i testsrc2=s=" + size +
             ":r=15:d=" + std::to_string(seconds) + " -c:v libvpx -b:v 500k '" + file + "'");
}

/// The frame at `seconds` of `file`, 8-bit gray.
std::string gray_frame(const std::string& file, double seconds) {
  const std::string command = "ffmpeg -v error -ss " + std::to_string(seconds) + " -i '" + file +
                              "' -frames:v 1 -vf format=gray -f rawvideo -";
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[65536];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  return out;
}

/// The standard deviation of a region of a 1280-wide gray frame: the background is ~0.
double spread(const std::string& frame, int x, int y, int w, int h) {
  double sum = 0;
  double sq = 0;
  for (int r = y; r < y + h; ++r)
    for (int c = x; c < x + w; ++c) {
      const double v = static_cast<unsigned char>(frame[static_cast<std::size_t>(r) * 1280 + c]);
      sum += v;
      sq += v * v;
    }
  const double n = static_cast<double>(w) * h;
  return std::sqrt(std::max(0.0, sq / n - (sum / n) * (sum / n)));
}

TEST(compose_ffmpeg, a_camera_whose_size_changes_keeps_its_tile) {
  if (std::system("command -v ffmpeg >/dev/null") != 0) GTEST_SKIP() << "ffmpeg is not installed";
  const fs::path dir = fs::temp_directory_path() / ("parley-compose-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string a = (dir / "a.webm").string();
  const std::string b = (dir / "b.webm").string();
  const std::string out = (dir / "out.webm").string();
  // a: one VP8 track at 640x360 for 3 s, then 320x180 for 2 s (as a recording in which Janus moved
  // to a lower simulcast layer, or the encoder scaled down); b: 640x360 throughout.
  ASSERT_TRUE(pattern((dir / "a1.webm").string(), "640x360", 3));
  ASSERT_TRUE(pattern((dir / "a2.webm").string(), "320x180", 2));
  std::ofstream(dir / "list.txt") << "file 'a1.webm'\nfile 'a2.webm'\n";
  ASSERT_TRUE(run("ffmpeg -v error -y -f concat -safe 0 -i '" + (dir / "list.txt").string() +
                  "' -c copy '" + a + "'"));
  ASSERT_TRUE(pattern(b, "640x360", 5));

  ASSERT_TRUE(run(quoted(ffmpeg_args({{a, true, 0, 5000}, {b, true, 0, 5000}}, 5000, out))));
  // Two cameras side by side (docs/recording.md "Processing: the layout"): 640x360 each,
  // centred in the halves of the 1280x720 canvas. Both lit before the change and after it.
  for (double at : {1.0, 4.5}) {
    const std::string frame = gray_frame(out, at);
    ASSERT_EQ(frame.size(), 1280u * 720u) << "at " << at << " s";
    EXPECT_GT(spread(frame, 0, 180, 640, 360), 15) << "the changed camera at " << at << " s";
    EXPECT_GT(spread(frame, 640, 180, 640, 360), 15) << "the other camera at " << at << " s";
    EXPECT_LT(spread(frame, 0, 0, 1280, 180), 5) << "nothing above them at " << at << " s";
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace parley::recording
