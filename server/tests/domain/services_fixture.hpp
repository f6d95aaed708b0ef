// Domain services over a real SQLite store in a temp dir, with cheap Argon2 so tests run fast.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "domain/services.hpp"
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
    svc_ = std::make_shared<services>(std::move(db.value), cfg);
  }
  void TearDown() override {
    svc_.reset();
    std::filesystem::remove_all(dir_);
  }

  accounts& acc() { return svc_->account_service(); }
  meetings& meet() { return svc_->meeting_service(); }

  auth::signed_in user(const std::string& name) {
    auto r = acc().register_user(name, name + "@example.org", "password-" + name);
    EXPECT_TRUE(r) << name;
    return *r;
  }

  std::filesystem::path dir_;
  std::shared_ptr<services> svc_;
};

}  // namespace parley::domain::testing
