// The response body that streams a part of a file in bounded chunks (docs/recording.md "REST").
#include "http/file_body.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/handler.hpp"

namespace parley::http {
namespace {

namespace fs = std::filesystem;

class FileBody : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ =
        (fs::temp_directory_path() / ("parley-file-body-" + std::to_string(::getpid()) + ".bin"))
            .string();
    content_.resize(3 * chunk_bytes + 17);
    for (std::size_t i = 0; i < content_.size(); ++i) content_[i] = static_cast<char>(i * 7 % 251);
    std::ofstream(path_, std::ios::binary).write(content_.data(), content_.size());
  }
  void TearDown() override { fs::remove(path_); }

  /// Every buffer the writer hands out, each checked against the chunk bound.
  std::string drain(const response& res, error_code& ec) {
    text_or_file_body::writer w(res.base(), res.body());
    w.init(ec);
    std::string out;
    while (!ec) {
      auto got = w.get(ec);
      if (!got) break;
      EXPECT_LE(got->first.size(), chunk_bytes);
      out.append(static_cast<const char*>(got->first.data()), got->first.size());
    }
    return out;
  }

  std::string path_;
  std::string content_;
};

TEST_F(FileBody, SendsThePartInBoundedChunks) {
  response res{bhttp::status::partial_content, 11};
  const std::uint64_t offset = 1000;
  const std::uint64_t length = content_.size() - 1000 - 5;
  res.body().file = open_part(path_, offset, length);
  ASSERT_TRUE(res.body().file);
  res.prepare_payload();
  EXPECT_EQ(res[bhttp::field::content_length], std::to_string(length));
  error_code ec;
  EXPECT_EQ(drain(res, ec), content_.substr(offset, length));
  EXPECT_FALSE(ec) << ec.message();
}

TEST_F(FileBody, TheWholeMessageSerialises) {
  response res{bhttp::status::ok, 11};
  res.body().file = open_part(path_, 0, content_.size());
  res.prepare_payload();
  std::ostringstream os;
  os << res;
  const std::string wire = os.str();
  const auto head_end = wire.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_EQ(wire.substr(head_end + 4), content_);
}

TEST_F(FileBody, AFileThatShrankEndsWithAnError) {
  response res{bhttp::status::ok, 11};
  res.body().file = open_part(path_, 0, content_.size());
  fs::resize_file(path_, chunk_bytes + 3);
  error_code ec;
  EXPECT_EQ(drain(res, ec).size(), chunk_bytes + 3);
  EXPECT_TRUE(ec);
}

TEST_F(FileBody, TheOpenFileOutlivesItsName) {
  auto part = open_part(path_, 0, content_.size());
  fs::remove(path_);
  response res{bhttp::status::ok, 11};
  res.body().file = part;
  error_code ec;
  EXPECT_EQ(drain(res, ec), content_);
  EXPECT_FALSE(ec);
}

TEST(FileBodyText, TextIsUnchanged) {
  response res{bhttp::status::ok, 11};
  res.body() = std::string("hello");
  res.prepare_payload();
  EXPECT_EQ(res[bhttp::field::content_length], "5");
  EXPECT_EQ(res.body(), "hello");
  error_code ec;
  text_or_file_body::writer w(res.base(), res.body());
  w.init(ec);
  auto got = w.get(ec);
  ASSERT_TRUE(got);
  EXPECT_EQ(std::string(static_cast<const char*>(got->first.data()), got->first.size()), "hello");
  EXPECT_FALSE(w.get(ec));
}

TEST(FileBodyText, AMissingFileIsNoPart) {
  EXPECT_EQ(open_part("/nonexistent/parley/recording.webm", 0, 1), nullptr);
}

}  // namespace
}  // namespace parley::http
