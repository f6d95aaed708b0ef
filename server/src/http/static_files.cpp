#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include "core/log.hpp"
#include "http/responses.hpp"

namespace parley::http {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

std::string_view content_type_for(const std::filesystem::path& p) {
  static const std::unordered_map<std::string, std::string_view> types{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

constexpr std::string_view placeholder =
    "<!doctype html><meta charset=utf-8><title>Parley</title>"
    "<p>Parley is running. The web client has not been built (run <code>make run</code>).</p>";

}  // namespace

static_files::static_files(const std::filesystem::path& root, std::string csp)
    : csp_(std::move(csp)) {
  load(root);
  if (!files_.contains("/index.html"))
    files_["/index.html"] = file{std::string(placeholder), {}, "text/html; charset=utf-8", false};
}

void static_files::load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    log::warn("web_root_missing", {{"path", root.string()}});
    return;
  }
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto& p = it->path();
    if (!it->is_regular_file() || p.extension() == ".gz") continue;
    std::string url = "/" + std::filesystem::relative(p, root).generic_string();
    file f{read_file(p), {}, std::string(content_type_for(p)), url.starts_with("/assets/")};
    if (auto gz = std::filesystem::path(p.string() + ".gz"); std::filesystem::exists(gz))
      f.gzip = read_file(gz);
    files_.emplace(std::move(url), std::move(f));
  }
  log::info("web_root_loaded", {{"path", root.string()}, {"files", files_.size()}});
}

const static_files::file* static_files::lookup(std::string_view path) const {
  if (path == "/") path = "/index.html";
  if (auto it = files_.find(std::string(path)); it != files_.end()) return &it->second;
  // Client-side routes (/m/abcd-efgh-ijkl) have no extension; missing assets do.
  auto last = path.substr(path.rfind('/') + 1);
  if (last.find('.') == std::string_view::npos) return &files_.at("/index.html");
  return nullptr;
}

void static_files::handle(request req, const peer&, responder respond) {
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
    auto res = error_response(req, bhttp::status::method_not_allowed, "method_not_allowed",
                              "Only GET and HEAD are served here.");
    res.set(bhttp::field::allow, "GET, HEAD");
    return respond(std::move(res));
  }
  std::string_view target = req.target();
  std::string_view path = target.substr(0, target.find('?'));
  const file* f = lookup(path);
  if (!f)
    return respond(error_response(req, bhttp::status::not_found, "not_found", "No such file."));

  response res{bhttp::status::ok, req.version()};
  res.set(bhttp::field::content_type, f->content_type);
  res.set(bhttp::field::vary, "Accept-Encoding");
  res.set(bhttp::field::cache_control,
          f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (f->content_type.starts_with("text/html")) {
    res.set("Content-Security-Policy", csp_);
    res.set("X-Frame-Options", "DENY");
  }
  bool gzip =
      !f->gzip.empty() && req[bhttp::field::accept_encoding].find("gzip") != std::string_view::npos;
  if (gzip) res.set(bhttp::field::content_encoding, "gzip");
  const std::string& body = gzip ? f->gzip : f->body;
  if (req.method() == bhttp::verb::head) {
    res.content_length(body.size());
  } else {
    res.body() = body;
    res.prepare_payload();
  }
  res.keep_alive(req.keep_alive());
  respond(std::move(res));
}

}  // namespace parley::http
