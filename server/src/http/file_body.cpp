#include "http/file_body.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace parley::http {

file_part::~file_part() {
  if (fd_ >= 0) ::close(fd_);
}

std::shared_ptr<const file_part> open_part(const std::string& path, std::uint64_t offset,
                                           std::uint64_t length) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  // The part is read front to back: let the kernel read ahead.
  ::posix_fadvise(fd, static_cast<off_t>(offset), static_cast<off_t>(length),
                  POSIX_FADV_SEQUENTIAL);
  return std::make_shared<const file_part>(fd, offset, length);
}

void text_or_file_body::writer::init(error_code& ec) {
  ec = {};
  if (!body_.file) return;
  chunk_ = std::make_unique<char[]>(chunk_bytes);
  next_ = body_.file->offset();
  left_ = body_.file->length();
}

auto text_or_file_body::writer::get(error_code& ec)
    -> boost::optional<std::pair<const_buffers_type, bool>> {
  ec = {};
  if (!body_.file) {
    if (text_sent_) return boost::none;
    text_sent_ = true;
    return {{net::const_buffer(body_.data(), body_.std::string::size()), false}};
  }
  if (left_ == 0) return boost::none;
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_bytes, left_));
  ssize_t n;
  do {
    n = ::pread(body_.file->fd(), chunk_.get(), want, static_cast<off_t>(next_));
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    // The file shrank under us or cannot be read: the promised length cannot be met, so the
    // connection ends (the client sees a short body).
    ec = n < 0 ? error_code(errno, boost::system::system_category())
               : error_code(boost::system::errc::io_error, boost::system::generic_category());
    return boost::none;
  }
  next_ += static_cast<std::uint64_t>(n);
  left_ -= static_cast<std::uint64_t>(n);
  return {{net::const_buffer(chunk_.get(), static_cast<std::size_t>(n)), left_ > 0}};
}

}  // namespace parley::http
