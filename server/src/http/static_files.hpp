// Serves the built web client from memory: every file under the web root is read once at
// start-up (the client is a few hundred KiB), with a gzip twin served when the browser accepts
// it. Paths that name no file and have no extension get index.html, so client-side routes
// such as /m/<id> work on reload. HTML carries the Content-Security-Policy.
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>

#include "http/handler.hpp"

namespace parley::http {

class static_files final : public handler {
 public:
  /// Loads `root` (missing root: serves a placeholder page saying the client isn't built).
  /// `csp` is the Content-Security-Policy value for HTML responses.
  static_files(const std::filesystem::path& root, std::string csp);

  std::size_t body_limit(const bhttp::request_header<>&) const override { return 0; }
  void handle(request req, const peer& from, responder respond) override;

  std::size_t file_count() const { return files_.size(); }

 private:
  struct file {
    std::string body;
    std::string gzip;  ///< empty when there is no .gz twin
    std::string content_type;
    bool immutable = false;  ///< content-hashed asset: cache for a year
  };
  void load(const std::filesystem::path& root);
  const file* lookup(std::string_view path) const;

  std::unordered_map<std::string, file> files_;
  std::string csp_;
};

}  // namespace parley::http
