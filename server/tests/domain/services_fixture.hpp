// Domain services over a real SQLite store in a temp dir, with cheap Argon2 so tests run fast;
// the store is wrapped in a store::faulty_store (`faults()`), which forwards every call until a
// test makes one fail.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "domain/services.hpp"
#include "store/faulty_store.hpp"
#include "store/open.hpp"

namespace parley::domain::testing {

class services_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-auth-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto db = store::open_store("sqlite:" + (dir_ / "db").string());
    ASSERT_TRUE(db.value) << db.error;
    config cfg;
    cfg.password_cost = {1, 8192};
    cfg.message_history = 3;
    db_ = db.value.get();
    auto faulty = std::make_unique<store::faulty_store>(std::move(db.value));
    faults_ = faulty.get();
    svc_ = std::make_shared<services>(std::move(faulty), cfg);
  }
  void TearDown() override {
    svc_.reset();
    std::filesystem::remove_all(dir_);
  }

  accounts& acc() { return svc_->account_service(); }
  meetings& meet() { return svc_->meeting_service(); }
  /// The store behind the services, for changes made "by another process" behind their back.
  store::store& db() { return *db_; }
  /// Makes the services' store calls fail on demand.
  store::faulty_store& faults() { return *faults_; }

  auth::signed_in user(const std::string& name) {
    auto r = acc().register_user(name, name + "@example.org", "password-" + name);
    EXPECT_TRUE(r) << name;
    return *r;
  }

  std::filesystem::path dir_;
  std::shared_ptr<services> svc_;
  store::store* db_ = nullptr;             ///< owned by svc_ (through faults_)
  store::faulty_store* faults_ = nullptr;  ///< owned by svc_
};

}  // namespace parley::domain::testing
