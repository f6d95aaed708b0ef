// The ffmpeg command of a recording (docs/recording.md "Processing"): the grid's size, one
// tile per video at its place and start, each audio delayed by its start and mixed.
#include "recording/compose.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace parley::recording {
namespace {

std::string arg_after(const std::vector<std::string>& a, const std::string& flag) {
  auto it = std::find(a.begin(), a.end(), flag);
  return it == a.end() || it + 1 == a.end() ? "" : *(it + 1);
}

TEST(compose, the_grid_is_the_smallest_near_square_that_holds_every_tile) {
  struct c {
    std::size_t tiles;
    int cols, rows;
  };
  for (auto k : {c{0, 1, 1}, c{1, 1, 1}, c{2, 2, 1}, c{3, 2, 2}, c{4, 2, 2}, c{5, 3, 2}, c{6, 3, 2},
                 c{7, 3, 3}, c{9, 3, 3}, c{10, 4, 3}}) {
    grid g = grid_for(k.tiles);
    EXPECT_EQ(g.columns, k.cols) << k.tiles;
    EXPECT_EQ(g.rows, k.rows) << k.tiles;
  }
  EXPECT_EQ(grid_for(3).width(), 2 * tile_w);
  EXPECT_EQ(grid_for(3).height(), 2 * tile_h);
}

TEST(compose, places_each_video_at_its_tile_and_start_and_mixes_the_delayed_audio) {
  const std::vector<input> in{{"/r/a.webm", true, 0},
                              {"/r/a.opus", false, 0},
                              {"/r/b.webm", true, 2500},
                              {"/r/b.opus", false, 2500},
                              {"/r/c.webm", true, 61'000}};
  auto a = ffmpeg_args(in, 10'020, "/r/out.webm");
  EXPECT_EQ(a.front(), "ffmpeg");
  EXPECT_EQ(a.back(), "/r/out.webm");
  EXPECT_EQ(arg_after(a, "-t"), "10.020");
  EXPECT_EQ(arg_after(a, "-c:v"), "libvpx");
  EXPECT_EQ(arg_after(a, "-c:a"), "libopus");
  // The canvas first (a 2x2 grid of 320x240), then the inputs in order.
  EXPECT_EQ(arg_after(a, "-i"), "color=c=0x202020:s=640x480:r=15:d=10.020");
  EXPECT_EQ(std::count(a.begin(), a.end(), "-i"), 6);
  const std::string f = arg_after(a, "-filter_complex");
  EXPECT_NE(f.find("[1:v]setpts=PTS-STARTPTS+0.000/TB"), std::string::npos) << f;
  EXPECT_NE(f.find("[3:v]setpts=PTS-STARTPTS+2.500/TB"), std::string::npos) << f;
  EXPECT_NE(f.find("[5:v]setpts=PTS-STARTPTS+61.000/TB"), std::string::npos) << f;
  EXPECT_NE(f.find("overlay=x=0:y=0:eof_action=pass[c0]"), std::string::npos) << f;
  EXPECT_NE(f.find("overlay=x=320:y=0:eof_action=pass[c1]"), std::string::npos) << f;
  EXPECT_NE(f.find("overlay=x=0:y=240:eof_action=pass[c2]"), std::string::npos) << f;
  EXPECT_NE(f.find("[2:a]aresample=48000,adelay=0:all=1[a0]"), std::string::npos) << f;
  EXPECT_NE(f.find("[4:a]aresample=48000,adelay=2500:all=1[a1]"), std::string::npos) << f;
  EXPECT_NE(f.find("[a0][a1]amix=inputs=2"), std::string::npos) << f;
}

TEST(compose, a_recording_without_audio_still_has_a_silent_audio_stream) {
  auto a = ffmpeg_args({{"/r/a.webm", true, 0}}, 5000, "/r/out.webm");
  const std::string f = arg_after(a, "-filter_complex");
  EXPECT_NE(f.find("anullsrc"), std::string::npos) << f;
  EXPECT_EQ(f.find("amix"), std::string::npos) << f;
}

}  // namespace
}  // namespace parley::recording
