#include "recording/disk_guard.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace parley::recording {
namespace {

constexpr std::uint64_t plenty = 10ull << 30;

TEST(DiskGuard, GoesOnBelowTheLimitWithRoomOnDisk) {
  EXPECT_EQ(stop_reason({299'999, plenty, true}, 300'000), "");
  EXPECT_EQ(stop_reason({5ull << 40, plenty, true}, 0), "") << "0 sets no limit";
}

TEST(DiskGuard, StopsAtTheLimit) {
  const auto why = stop_reason({300'000, plenty, true}, 300'000);
  EXPECT_NE(why.find("size limit"), std::string::npos) << why;
  EXPECT_NE(stop_reason({400'000, plenty, true}, 300'000), "");
}

TEST(DiskGuard, StopsWhenTheDiskIsAlmostFull) {
  EXPECT_EQ(stop_reason({0, min_free_bytes, true}, 0), "");
  const auto why = stop_reason({0, min_free_bytes - 1, true}, 0);
  EXPECT_NE(why.find("disk is almost full"), std::string::npos) << why;
  // The limit is named first when both hold.
  EXPECT_NE(stop_reason({10, 0, true}, 10).find("size limit"), std::string::npos);
}

TEST(DiskGuard, AnUnreadableFilesystemDoesNotStopIt) {
  EXPECT_EQ(stop_reason({0, 0, false}, 0), "");
}

TEST(DiskGuard, ReadsTheFilesystem) {
  const auto d = read_disk(std::filesystem::temp_directory_path().string(), 42);
  EXPECT_TRUE(d.known);
  EXPECT_EQ(d.used, 42u);
  EXPECT_GT(d.free_bytes, 0u);
  EXPECT_FALSE(read_disk("/nonexistent/parley", 0).known);
}

}  // namespace
}  // namespace parley::recording
