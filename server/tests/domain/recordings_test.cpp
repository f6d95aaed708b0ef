// domain::recordings (docs/recording.md "REST", "After a crash"): who may list, fetch and
// delete; a recording's life from `recording` to `processing`; an ended meeting records no more.
#include "services_fixture.hpp"

namespace parley::domain::testing {
namespace {

class recordings_service_test : public services_test {
 protected:
  void SetUp() override {
    services_test::SetUp();
    host = user("host").who.user.id;
    ann = user("ann").who.user.id;
    ben = user("ben").who.user.id;
    id = meet().create(host, "Standup", std::nullopt)->meeting_id;
    ASSERT_TRUE(meet().join(ann, id, std::nullopt));
  }
  recordings& recs() { return svc_->recording_service(); }
  std::string host, ann, ben, id;
};

TEST_F(recordings_service_test, a_start_makes_a_recording_row_in_its_own_folder) {
  auto r = recs().start(id, "/data/rec", 1000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id.size(), 21u);
  EXPECT_EQ(r->path, "/data/rec/" + r->id);
  EXPECT_EQ(r->status, "recording");
  auto on = recs().active_in(id);
  ASSERT_TRUE(on && *on);
  EXPECT_EQ((*on)->id, r->id);
  EXPECT_EQ(recs().start("zzzz-zzzz-zzzz", "/d", 1).error().code, errc::not_found);
}

TEST_F(recordings_service_test, stop_moves_it_to_processing_once) {
  auto r = *recs().start(id, "/d", 1000);
  auto s = recs().stop(r.id, 11000);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, "processing");
  EXPECT_EQ(s->ended_at, 11000);
  EXPECT_EQ(recs().stop(r.id, 12000)->ended_at, 11000);  // a second stop changes nothing
  EXPECT_FALSE(*recs().active_in(id));
  EXPECT_EQ(recs().with_status("processing")->size(), 1u);
}

TEST_F(recordings_service_test, participants_read_outsiders_do_not_and_only_the_host_deletes) {
  auto r = *recs().start(id, "/d", 1000);
  EXPECT_EQ(recs().list(host, id)->size(), 1u);
  EXPECT_EQ(recs().list(ann, id)->size(), 1u);
  EXPECT_EQ(recs().list(ben, id).error().code, errc::forbidden);
  EXPECT_EQ(recs().list(ann, "zzzz-zzzz-zzzz").error().code, errc::not_found);
  EXPECT_TRUE(recs().get(ann, r.id));
  EXPECT_EQ(recs().get(ben, r.id).error().code, errc::forbidden);
  EXPECT_EQ(recs().get(ann, "rnope").error().code, errc::not_found);
  EXPECT_EQ(recs().remove(ann, r.id).error().code, errc::not_host);
  EXPECT_EQ(recs().remove(ben, r.id).error().code, errc::forbidden);
  auto gone = recs().remove(host, r.id);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->path, "/d/" + r.id);
  EXPECT_EQ(recs().remove(host, r.id).error().code, errc::not_found);
}

TEST_F(recordings_service_test, an_ended_meeting_starts_no_recording) {
  ASSERT_TRUE(meet().end(host, id));
  EXPECT_EQ(recs().start(id, "/d", 1000).error().code, errc::meeting_ended);
}

}  // namespace
}  // namespace parley::domain::testing
