// recording::worker's bookkeeping (docs/recording.md "After a crash or a restart"): the row is
// saved `ready` before the raw tracks go, so a job whose row cannot be saved keeps them for the
// next start; a folder left with its composed file and no track (by a build that removed the
// tracks first) becomes `ready` from that file. Needs ffmpeg and ffprobe (Debian ffmpeg).
#include "recording/worker.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "../domain/services_fixture.hpp"

namespace parley::recording {
namespace {

namespace fs = std::filesystem;

class worker_test : public domain::testing::services_test {
 protected:
  void SetUp() override {
    services_test::SetUp();
    if (std::system("command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null") != 0)
      GTEST_SKIP() << "ffmpeg and ffprobe are not installed";
    const auto host = user("host").who.user.id;
    const auto meeting = meet().create(host, "Recorded", std::nullopt)->meeting_id;
    auto& recs = svc_->recording_service();
    const auto started = recs.start(meeting, (dir_ / "rec").string(), 1000);
    ASSERT_TRUE(started);
    ASSERT_TRUE(recs.stop(started->id, 3000));
    id = started->id;
    folder = started->path;
    fs::create_directories(folder);
    // A composed file: 2 s of VP8 and Opus, as the worker writes it.
    const std::string make =
        "ffmpeg -v error -f lavfi -i color=c=gray:s=160x90:r=15:d=2 -f lavfi "
        "-i anullsrc=r=48000:cl=mono -t 2 -c:v libvpx -c:a libopus -y '" +
        folder + "/recording.webm'";
    ASSERT_EQ(std::system(make.c_str()), 0);
    // A track whose header never reached the disk: skipped when the folder is read, and one
    // of the raw files a ready recording no longer keeps.
    std::ofstream(folder + "/camera-u1-7-video-1.mjr");
  }

  std::string status() { return svc_->recording_service().find(id)->status; }

  std::string id, folder;
};

TEST_F(worker_test, a_composed_file_with_no_track_left_becomes_ready_and_the_raw_files_go) {
  worker w(svc_, {.dir = (dir_ / "rec").string()});
  w.process(id);
  const auto r = svc_->recording_service().find(id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "ready") << r->failure;
  EXPECT_NEAR(static_cast<double>(r->duration_ms), 2000.0, 200.0);
  EXPECT_GT(r->bytes, 0);
  EXPECT_TRUE(fs::exists(folder + "/recording.webm"));
  EXPECT_FALSE(fs::exists(folder + "/camera-u1-7-video-1.mjr"));
}

TEST_F(worker_test, a_row_that_cannot_be_saved_keeps_the_raw_files_for_the_next_start) {
  worker w(svc_, {.dir = (dir_ / "rec").string()});
  faults().fail(store::method::update_recording);  // as when the store has gone away
  w.process(id);
  faults().heal();
  EXPECT_EQ(status(), "processing");
  EXPECT_TRUE(fs::exists(folder + "/camera-u1-7-video-1.mjr"));
  EXPECT_TRUE(fs::exists(folder + "/recording.webm"));
  w.process(id);  // the next start
  EXPECT_EQ(status(), "ready");
  EXPECT_FALSE(fs::exists(folder + "/camera-u1-7-video-1.mjr"));
}

TEST_F(worker_test, stop_is_idempotent_and_leaves_queued_jobs_processing) {
  worker w(svc_, {.dir = (dir_ / "rec").string()});
  w.stop();
  w.enqueue(id);  // no thread takes it any more
  w.stop();
  EXPECT_EQ(status(), "processing");
  EXPECT_TRUE(fs::exists(folder + "/camera-u1-7-video-1.mjr"));
}

}  // namespace
}  // namespace parley::recording
