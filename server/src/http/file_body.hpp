// The body every response carries: text, or a part of an open file that the session sends in
// bounded chunks (docs/recording.md "REST": a recording is streamed, never read whole). A
// route that serves a file opens it off the network threads (open_part) and names the part;
// the writer then reads `chunk_bytes` at a time with pread() on the connection's strand, so
// a connection holds at most one chunk whatever the file's size.
#pragma once

#include <boost/optional.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/net.hpp"

namespace parley::http {

/// Bytes read from the file per write: one page-cache read of this size takes well under a
/// millisecond, so a network thread is never held for long (docs/recording.md "REST").
inline constexpr std::size_t chunk_bytes = 128 * 1024;

/// An open file (closed when the last holder lets go) and the part of it to send.
class file_part {
 public:
  file_part(int fd, std::uint64_t offset, std::uint64_t length)
      : fd_(fd), offset_(offset), length_(length) {}
  ~file_part();
  file_part(const file_part&) = delete;
  file_part& operator=(const file_part&) = delete;

  int fd() const { return fd_; }
  std::uint64_t offset() const { return offset_; }
  std::uint64_t length() const { return length_; }

 private:
  int fd_;
  std::uint64_t offset_;
  std::uint64_t length_;
};

/// Opens `path` for the bytes [offset, offset + length); nullptr when it cannot be opened.
/// Blocking: call it off the network threads.
std::shared_ptr<const file_part> open_part(const std::string& path, std::uint64_t offset,
                                           std::uint64_t length);

/// A Beast Body: a std::string as before (everything that builds a text response is
/// unchanged) plus an optional file part that, when set, is sent instead of the text.
struct text_or_file_body {
  struct value_type : std::string {
    value_type() = default;
    value_type(const std::string& s) : std::string(s) {}
    value_type(std::string&& s) : std::string(std::move(s)) {}
    value_type(const char* s) : std::string(s) {}
    using std::string::operator=;

    std::shared_ptr<const file_part> file;  ///< set: the body is this part, the text is unused
  };

  static std::uint64_t size(const value_type& v) {
    return v.file ? v.file->length() : static_cast<std::uint64_t>(v.std::string::size());
  }

  using reader = bhttp::string_body::reader;

  class writer {
   public:
    using const_buffers_type = net::const_buffer;

    template <bool isRequest, class Fields>
    writer(const bhttp::header<isRequest, Fields>&, const value_type& body) : body_(body) {}

    void init(error_code& ec);
    boost::optional<std::pair<const_buffers_type, bool>> get(error_code& ec);

   private:
    const value_type& body_;
    std::unique_ptr<char[]> chunk_;  ///< allocated only for a file part
    std::uint64_t next_ = 0;         ///< file offset of the next read
    std::uint64_t left_ = 0;         ///< bytes of the part still to read
    bool text_sent_ = false;
  };
};

}  // namespace parley::http
