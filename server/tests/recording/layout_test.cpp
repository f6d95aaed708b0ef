// The composed file's layout (docs/recording.md "Processing: the layout"): the grid of the
// cameras present, a screen share large with the cameras in a strip, and the timeline cut
// wherever a video starts or ends.
#include "recording/layout.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::recording {
namespace {

std::string show(const std::vector<rect>& rs) {
  std::string s;
  for (const auto& r : rs)
    s += std::to_string(r.x) + "," + std::to_string(r.y) + " " + std::to_string(r.w) + "x" +
         std::to_string(r.h) + "; ";
  return s;
}

TEST(layout, arranges_the_videos_present) {
  const bool cam = false;
  const bool scr = true;
  struct c {
    const char* what;
    std::vector<bool> screen;
    std::vector<rect> boxes;
  };
  const c cases[] = {
      {"nothing", {}, {}},
      {"one camera: the whole canvas", {cam}, {{0, 0, 1280, 720}}},
      {"two cameras side by side", {cam, cam}, {{0, 0, 640, 720}, {640, 0, 640, 720}}},
      {"three: 2x2, the last row centred",
       {cam, cam, cam},
       {{0, 0, 640, 360}, {640, 0, 640, 360}, {320, 360, 640, 360}}},
      {"four: 2x2",
       {cam, cam, cam, cam},
       {{0, 0, 640, 360}, {640, 0, 640, 360}, {0, 360, 640, 360}, {640, 360, 640, 360}}},
      {"five: 3 columns, cells of even size, rows centred",
       {cam, cam, cam, cam, cam},
       {{0, 0, 426, 360},
        {426, 0, 426, 360},
        {852, 0, 426, 360},
        {214, 360, 426, 360},
        {640, 360, 426, 360}}},
      {"a screen alone: the whole canvas", {scr}, {{0, 0, 1280, 720}}},
      {"a screen and two cameras: the screen above, a centred strip below",
       {cam, scr, cam},
       {{384, 576, 256, 144}, {0, 0, 1280, 576}, {640, 576, 256, 144}}},
      {"six cameras under a screen: narrower strip tiles",
       {scr, cam, cam, cam, cam, cam, cam},
       {{0, 0, 1280, 576},
        {4, 576, 212, 144},
        {216, 576, 212, 144},
        {428, 576, 212, 144},
        {640, 576, 212, 144},
        {852, 576, 212, 144},
        {1064, 576, 212, 144}}},
      {"two screens share the area above the strip",
       {scr, scr, cam},
       {{0, 0, 640, 576}, {640, 0, 640, 576}, {512, 576, 256, 144}}},
  };
  for (const auto& k : cases) {
    const auto got = arrange(k.screen);
    EXPECT_EQ(got, k.boxes) << k.what << ": " << show(got);
  }
}

TEST(layout, every_box_lies_on_the_canvas_at_even_coordinates) {
  for (std::size_t screens = 0; screens < 3; ++screens) {
    for (std::size_t cams = 0; cams < 13; ++cams) {
      std::vector<bool> v(screens, true);
      v.resize(screens + cams, false);
      for (const auto& r : arrange(v)) {
        EXPECT_TRUE(r.x >= 0 && r.y >= 0 && r.x + r.w <= canvas_w && r.y + r.h <= canvas_h)
            << screens << " screens, " << cams << " cameras: " << show({r});
        EXPECT_TRUE(r.w > 0 && r.h > 0 && r.x % 2 == 0 && r.y % 2 == 0 && r.w % 2 == 0 &&
                    r.h % 2 == 0)
            << show({r});
      }
    }
  }
}

TEST(layout, cuts_the_timeline_at_every_start_and_end) {
  struct seg {
    std::int64_t a, b;
    std::vector<std::size_t> present;
  };
  struct c {
    const char* what;
    std::vector<video_span> videos;
    std::int64_t duration;
    std::vector<seg> want;
  };
  const c cases[] = {
      {"no video: one empty segment", {}, 10'000, {{0, 10'000, {}}}},
      {"everyone throughout: one segment",
       {{false, 0, 10'000}, {false, 0, 10'000}},
       10'000,
       {{0, 10'000, {0, 1}}}},
      {"one leaves halfway",
       {{false, 0, 10'000}, {false, 0, 10'000}, {false, 0, 5'000}},
       10'000,
       {{0, 5'000, {0, 1, 2}}, {5'000, 10'000, {0, 1}}}},
      {"a late joiner, a screen share in the middle, a gap at the start",
       {{false, 1'000, 9'000}, {true, 3'000, 6'000}, {false, 4'000, 12'000}},
       10'000,
       {{0, 1'000, {}},
        {1'000, 3'000, {0}},
        {3'000, 4'000, {0, 1}},
        {4'000, 6'000, {0, 1, 2}},
        {6'000, 9'000, {0, 2}},
        {9'000, 10'000, {2}}}},
      {"a video starting after the end is never present",
       {{false, 0, 10'000}, {false, 10'000, 12'000}},
       10'000,
       {{0, 10'000, {0}}}},
  };
  for (const auto& k : cases) {
    const auto got = segments(k.videos, k.duration);
    ASSERT_EQ(got.size(), k.want.size()) << k.what;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].start_ms, k.want[i].a) << k.what << " #" << i;
      EXPECT_EQ(got[i].end_ms, k.want[i].b) << k.what << " #" << i;
      EXPECT_EQ(got[i].present, k.want[i].present) << k.what << " #" << i;
      EXPECT_EQ(got[i].tiles.size(), got[i].present.size()) << k.what << " #" << i;
    }
  }
}

TEST(layout, a_segment_with_a_screen_shows_it_large) {
  const auto segs = segments({{false, 0, 10'000}, {true, 2'000, 8'000}}, 10'000);
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(segs[0].tiles, (std::vector<rect>{{0, 0, 1280, 720}}));
  EXPECT_EQ(segs[1].tiles, (std::vector<rect>{{512, 576, 256, 144}, {0, 0, 1280, 576}}));
  EXPECT_EQ(segs[2].tiles, segs[0].tiles);
}

}  // namespace
}  // namespace parley::recording
