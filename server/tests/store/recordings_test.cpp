// Recordings (docs/recording.md "Storage"), against every backend: created, listed by meeting
// and by status, updated through processing, deleted, kept across a reopen (what finishing a
// recording after a restart relies on).
#include "store_fixture.hpp"

namespace parley::store::testing {
namespace {

class recordings_test : public store_test {
 protected:
  void SetUp() override {
    store_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(db_->create_user(make_user("host")));
    ASSERT_TRUE(db_->create_meeting(make_meeting("aaaa-bbbb-cccc", "u-host")));
    ASSERT_TRUE(db_->create_meeting(make_meeting("dddd-eeee-ffff", "u-host")));
  }
  static recording_record make(const std::string& id, const std::string& meeting, std::int64_t at) {
    recording_record r;
    r.id = id;
    r.meeting_id = meeting;
    r.started_at = at;
    r.path = "/rec/" + id;
    return r;
  }
};

TEST_P(recordings_test, a_new_recording_reads_back_as_recording) {
  ASSERT_TRUE(db_->create_recording(make("r1", "aaaa-bbbb-cccc", 1000)));
  auto r = db_->find_recording("r1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->meeting_id, "aaaa-bbbb-cccc");
  EXPECT_EQ(r->started_at, 1000);
  EXPECT_FALSE(r->ended_at);
  EXPECT_EQ(r->status, "recording");
  EXPECT_EQ(r->failure, "");
  EXPECT_EQ(r->duration_ms, 0);
  EXPECT_EQ(r->bytes, 0);
  EXPECT_EQ(r->path, "/rec/r1");
  EXPECT_EQ(db_->find_recording("nope").error(), errc::not_found);
}

TEST_P(recordings_test, creating_refuses_a_duplicate_id_and_an_unknown_meeting) {
  ASSERT_TRUE(db_->create_recording(make("r1", "aaaa-bbbb-cccc", 1000)));
  EXPECT_EQ(db_->create_recording(make("r1", "aaaa-bbbb-cccc", 2000)).error(), errc::duplicate_id);
  EXPECT_EQ(db_->create_recording(make("r2", "zzzz-zzzz-zzzz", 2000)).error(), errc::not_found);
}

TEST_P(recordings_test, a_meeting_lists_only_its_own_oldest_first) {
  ASSERT_TRUE(db_->create_recording(make("r2", "aaaa-bbbb-cccc", 2000)));
  ASSERT_TRUE(db_->create_recording(make("r1", "aaaa-bbbb-cccc", 1000)));
  ASSERT_TRUE(db_->create_recording(make("r3", "dddd-eeee-ffff", 1500)));
  auto list = db_->recordings_of("aaaa-bbbb-cccc");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "r1");
  EXPECT_EQ((*list)[1].id, "r2");
  EXPECT_TRUE(db_->recordings_of("zzzz-zzzz-zzzz")->empty());
}

TEST_P(recordings_test, processing_then_ready_is_written_and_listed_by_status) {
  auto r = make("r1", "aaaa-bbbb-cccc", 1000);
  ASSERT_TRUE(db_->create_recording(r));
  ASSERT_TRUE(db_->create_recording(make("r2", "aaaa-bbbb-cccc", 2000)));
  r.ended_at = 11000;
  r.status = "processing";
  ASSERT_TRUE(db_->update_recording(r));
  auto processing = db_->recordings_with_status("processing");
  ASSERT_EQ(processing->size(), 1u);
  EXPECT_EQ((*processing)[0].ended_at, 11000);
  EXPECT_EQ(db_->recordings_with_status("recording")->size(), 1u);

  r.status = "ready";
  r.duration_ms = 10020;
  r.bytes = 5'000'000'000;  // past 32 bits
  ASSERT_TRUE(db_->update_recording(r));
  auto back = db_->find_recording("r1");
  EXPECT_EQ(back->status, "ready");
  EXPECT_EQ(back->duration_ms, 10020);
  EXPECT_EQ(back->bytes, 5'000'000'000);
  EXPECT_TRUE(db_->recordings_with_status("processing")->empty());
  EXPECT_EQ(db_->update_recording(make("nope", "aaaa-bbbb-cccc", 0)).error(), errc::not_found);
}

TEST_P(recordings_test, a_failure_keeps_its_reason_across_a_reopen) {
  auto r = make("r1", "aaaa-bbbb-cccc", 1000);
  ASSERT_TRUE(db_->create_recording(r));
  r.status = "failed";
  r.failure = "ffmpeg exited with status 1";
  ASSERT_TRUE(db_->update_recording(r));
  db_ = open();
  auto back = db_->find_recording("r1");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, "failed");
  EXPECT_EQ(back->failure, "ffmpeg exited with status 1");
}

TEST_P(recordings_test, delete_removes_the_row_once) {
  ASSERT_TRUE(db_->create_recording(make("r1", "aaaa-bbbb-cccc", 1000)));
  ASSERT_TRUE(db_->delete_recording("r1"));
  EXPECT_EQ(db_->find_recording("r1").error(), errc::not_found);
  EXPECT_EQ(db_->delete_recording("r1").error(), errc::not_found);
}

TEST_P(recordings_test, a_server_key_is_stored_once_and_read_by_everyone) {
  auto first = db_->server_key("recording-links", "candidate-one");
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, "candidate-one");
  auto second = db_->server_key("recording-links", "candidate-two");
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, "candidate-one") << "the first stored key wins";
  EXPECT_EQ(*db_->server_key("other", "x"), "x");
  db_ = open();
  EXPECT_EQ(*db_->server_key("recording-links", "candidate-three"), "candidate-one");
}

INSTANTIATE_TEST_SUITE_P(backends, recordings_test,
                         ::testing::Values(backend::sqlite, backend::postgresql), backend_name);

}  // namespace
}  // namespace parley::store::testing
