// The ffmpeg command of a recording (docs/recording.md "Processing"): the canvas, one copy of
// each video per box the layout gives it, overlaid while it is shown there, each audio delayed
// by its start and mixed.
#include "recording/compose.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace parley::recording {
namespace {

std::string arg_after(const std::vector<std::string>& a, const std::string& flag) {
  auto it = std::find(a.begin(), a.end(), flag);
  return it == a.end() || it + 1 == a.end() ? "" : *(it + 1);
}

bool has(const std::string& f, const std::string& part) {
  return f.find(part) != std::string::npos;
}

TEST(compose, video_spans_clip_to_the_recording_and_default_to_its_end) {
  const std::vector<input> in{{"/r/a.webm", true, 0, 4'000, false},
                              {"/r/a.opus", false, 0},
                              {"/r/b.webm", true, 2'500, -1, true},
                              {"/r/c.webm", true, 9'000, 14'000, false},
                              {"/r/d.webm", true, 12'000, 13'000, false}};
  const auto s = video_spans(in, 10'000);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].end_ms, 4'000);
  EXPECT_FALSE(s[0].screen);
  EXPECT_EQ(s[1].start_ms, 2'500);
  EXPECT_EQ(s[1].end_ms, 10'000);
  EXPECT_TRUE(s[1].screen);
  EXPECT_EQ(s[2].end_ms, 10'000);
  EXPECT_EQ(s[3].start_ms, 10'000);
  EXPECT_EQ(s[3].end_ms, 10'000);
}

TEST(compose, a_video_stopped_with_the_recording_lasts_to_its_end_and_holds_its_last_frame) {
  // The recorders stop one after another: a camera whose last frame came 1.7 s before the end
  // stopped with the recording; one that ended 2.6 s before the end left.
  const std::vector<input> in{{"/r/a.webm", true, 0, 8'300}, {"/r/b.webm", true, 0, 7'400}};
  const auto s = video_spans(in, 10'000);
  EXPECT_EQ(s[0].end_ms, 10'000);
  EXPECT_EQ(s[1].end_ms, 7'400);
  const auto a = ffmpeg_args(in, 10'000, "/r/out.webm");
  EXPECT_TRUE(has(arg_after(a, "-filter_complex"), "tpad=stop_mode=clone:stop_duration=2.500"));
}

TEST(compose, shows_each_video_at_its_box_while_the_layout_lasts_and_mixes_the_delayed_audio) {
  // a and b throughout, c leaves at 5 s: three tiles of a 2x2 grid, then two side by side.
  const std::vector<input> in{{"/r/a.webm", true, 0, 10'020},
                              {"/r/a.opus", false, 0},
                              {"/r/b.webm", true, 2'500, 10'020},
                              {"/r/b.opus", false, 2'500},
                              {"/r/c.webm", true, 0, 5'000}};
  auto a = ffmpeg_args(in, 10'020, "/r/out.webm");
  EXPECT_EQ(a.front(), "ffmpeg");
  EXPECT_EQ(a.back(), "/r/out.webm");
  EXPECT_EQ(arg_after(a, "-t"), "10.020");
  EXPECT_EQ(arg_after(a, "-c:v"), "libvpx");
  EXPECT_EQ(arg_after(a, "-c:a"), "libopus");
  EXPECT_EQ(arg_after(a, "-i"), "color=c=0x202020:s=1280x720:r=15:d=10.020,format=yuv420p");
  EXPECT_EQ(std::count(a.begin(), a.end(), "-i"), 6);
  // Each file is read without rebuilding the filters when its frame size changes.
  EXPECT_EQ(std::count(a.begin(), a.end(), "-reinit_filter"), 5);
  EXPECT_EQ(arg_after(a, "-reinit_filter"), "0");
  EXPECT_EQ(*(std::find(a.begin(), a.end(), "-reinit_filter") + 3), "/r/a.webm");
  const std::string f = arg_after(a, "-filter_complex");
  // b starts at 2.5 s: a and c side by side, then a, b, c in a 2x2 grid, then a and b: a
  // has two boxes (the left half, then a 2x2 cell, then the left half again).
  EXPECT_TRUE(has(f,
                  "[1:v]setpts=PTS-STARTPTS+0.000/"
                  "TB,tpad=stop_mode=clone:stop_duration=2.500,split=2[v0_0][v0_1];"))
      << f;
  EXPECT_TRUE(has(f,
                  "[3:v]setpts=PTS-STARTPTS+2.500/"
                  "TB,tpad=stop_mode=clone:stop_duration=2.500,split=2[v1_0][v1_1];"))
      << f;
  EXPECT_TRUE(has(f,
                  "[5:v]setpts=PTS-STARTPTS+0.000/"
                  "TB,tpad=stop_mode=clone:stop_duration=2.500,split=2[v2_0][v2_1];"))
      << f;
  EXPECT_TRUE(has(f,
                  "[v0_1]scale=640:360:force_original_aspect_ratio=decrease:"
                  "force_divisible_by=2:flags=bilinear,pad=640:360:-1:-1:color=0x202020"))
      << f;
  EXPECT_TRUE(has(f,
                  "overlay=x=0:y=0:eof_action=pass:enable='gte(t,0.000)*lt(t,2.500)+gte(t,"
                  "5.000)*lt(t,10.020)'"))
      << f;
  EXPECT_TRUE(has(f, "overlay=x=0:y=0:eof_action=pass:enable='gte(t,2.500)*lt(t,5.000)'")) << f;
  // c: alone beside a until b starts, then in the last row, centred; never after 5 s.
  EXPECT_TRUE(has(f, "overlay=x=640:y=0:eof_action=pass:enable='gte(t,0.000)*lt(t,2.500)'")) << f;
  EXPECT_TRUE(has(f, "overlay=x=320:y=360:eof_action=pass:enable='gte(t,2.500)*lt(t,5.000)'")) << f;
  EXPECT_TRUE(has(f, "[2:a]aresample=48000,adelay=0:all=1[a0]")) << f;
  EXPECT_TRUE(has(f, "[4:a]aresample=48000,adelay=2500:all=1[a1]")) << f;
  EXPECT_TRUE(has(f, "[a0][a1]amix=inputs=2")) << f;
}

TEST(compose, one_box_for_several_stretches_is_one_copy_enabled_in_each) {
  // a throughout; b from 2 s to 4 s and c from 6 s to 7 s: a is alone, beside b, alone, beside
  // c, alone (c leaves 3 s before the end, more than the grace of a recorder stopping late).
  const std::vector<input> in{{"/r/a.webm", true, 0, 10'000},
                              {"/r/b.webm", true, 2'000, 4'000},
                              {"/r/c.webm", true, 6'000, 7'000}};
  const std::string f = arg_after(ffmpeg_args(in, 10'000, "/r/o.webm"), "-filter_complex");
  EXPECT_TRUE(has(f,
                  "[1:v]setpts=PTS-STARTPTS+0.000/"
                  "TB,tpad=stop_mode=clone:stop_duration=2.500,split=2[v0_0][v0_1];"))
      << f;
  EXPECT_TRUE(has(f,
                  "enable='gte(t,0.000)*lt(t,2.000)+gte(t,4.000)*lt(t,6.000)+gte(t,7.000)*"
                  "lt(t,10.000)'"))
      << f;
  EXPECT_TRUE(has(f, "enable='gte(t,2.000)*lt(t,4.000)+gte(t,6.000)*lt(t,7.000)'")) << f;
  // b and c take the same box, each with one copy (no split).
  EXPECT_TRUE(
      has(f, "[2:v]setpts=PTS-STARTPTS+2.000/TB,tpad=stop_mode=clone:stop_duration=2.500[v1_0];"))
      << f;
  EXPECT_TRUE(
      has(f, "[3:v]setpts=PTS-STARTPTS+6.000/TB,tpad=stop_mode=clone:stop_duration=2.500[v2_0];"))
      << f;
}

TEST(compose, a_screen_share_is_large_with_the_camera_below) {
  const std::vector<input> in{{"/r/camera-u1-1.webm", true, 0, 10'000, false},
                              {"/r/screen-u1-2.webm", true, 0, 10'000, true}};
  const std::string f = arg_after(ffmpeg_args(in, 10'000, "/r/o.webm"), "-filter_complex");
  EXPECT_TRUE(has(f, "scale=1280:576:")) << f;
  EXPECT_TRUE(has(f, "overlay=x=0:y=0:")) << f;
  EXPECT_TRUE(has(f, "scale=256:144:")) << f;
  EXPECT_TRUE(has(f, "overlay=x=512:y=576:")) << f;
}

TEST(compose, a_video_with_no_time_on_the_timeline_is_left_out) {
  const std::vector<input> in{{"/r/a.webm", true, 0, 10'000}, {"/r/b.webm", true, 12'000, -1}};
  const std::string f = arg_after(ffmpeg_args(in, 10'000, "/r/o.webm"), "-filter_complex");
  EXPECT_TRUE(has(f, "[1:v]")) << f;
  EXPECT_FALSE(has(f, "[2:v]")) << f;
}

TEST(compose, a_recording_without_audio_still_has_a_silent_audio_stream) {
  auto a = ffmpeg_args({{"/r/a.webm", true, 0}}, 5000, "/r/out.webm");
  const std::string f = arg_after(a, "-filter_complex");
  EXPECT_TRUE(has(f, "anullsrc")) << f;
  EXPECT_FALSE(has(f, "amix")) << f;
}

}  // namespace
}  // namespace parley::recording
