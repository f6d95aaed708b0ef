// Raw track names and MJR headers (docs/recording.md "Processing"), and a folder scan that
// skips what does not parse.
#include "recording/tracks.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace parley::recording {
namespace {

std::string mjr(const std::string& json) {
  std::string h = "MJR00002";
  h.push_back(static_cast<char>(json.size() >> 8));
  h.push_back(static_cast<char>(json.size() & 0xff));
  return h + json + "MEET....";
}

TEST(tracks, reads_an_mjr_header) {
  auto h =
      parse_mjr_header(mjr(R"({"t":"v","c":"vp8","s":1700000000123456,"u":1700000000223456})"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->media, 'v');
  EXPECT_EQ(h->codec, "vp8");
  EXPECT_EQ(h->created_us, 1700000000123456);
  EXPECT_EQ(h->first_us, 1700000000223456);
  EXPECT_FALSE(parse_mjr_header("MJR00001xx"));
  EXPECT_FALSE(parse_mjr_header(mjr("[1]")));
  EXPECT_FALSE(parse_mjr_header(mjr(R"({"t":"a"})")));                           // no codec
  EXPECT_FALSE(parse_mjr_header(mjr(R"({"t":"a","c":"opus"})").substr(0, 15)));  // truncated
}

TEST(tracks, reads_the_base_kind_and_user_from_a_file_name) {
  auto t = parse_track_name("camera-u123-4567-audio-0.mjr");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->base, "camera-u123-4567");
  EXPECT_EQ(t->kind, "camera");
  EXPECT_EQ(t->user_id, "u123");
  EXPECT_EQ(track_base("screen", "u9", "42"), "screen-u9-42");
  EXPECT_TRUE(parse_track_name("screen-u9-42-video.mjr"));
  EXPECT_FALSE(parse_track_name("camera-u123-4567-audio-0.webm"));
  EXPECT_FALSE(parse_track_name("mic-u123-4567-audio.mjr"));
  EXPECT_FALSE(parse_track_name("camera-u123.mjr"));
  EXPECT_FALSE(parse_track_name("camera--4567-audio.mjr"));
}

TEST(tracks, a_scan_keeps_the_audio_and_video_files_that_parse) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("parley-tracks-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
  };
  write("camera-u1-11-video-1.mjr", mjr(R"({"t":"v","c":"vp8","s":2000000})"));
  write("camera-u1-11-audio-0.mjr", mjr(R"({"t":"a","c":"opus","s":1000000,"u":1500000})"));
  write("camera-u2-22-data-2.mjr", mjr(R"({"t":"d","c":"text","s":1000000})"));
  write("camera-u2-22-audio-0.mjr", "");  // empty after a crash
  write("notes.txt", "x");
  auto t = scan_tracks(dir.string());
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].header.media, 'a');
  EXPECT_EQ(t[0].start_ms(), 1500);  // its first packet
  EXPECT_EQ(t[1].header.media, 'v');
  EXPECT_EQ(t[1].start_ms(), 2000);  // no packet time: its creation
  fs::remove_all(dir);
  EXPECT_TRUE(scan_tracks(dir.string()).empty());
}

}  // namespace
}  // namespace parley::recording
