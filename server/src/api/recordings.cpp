// GET /api/meetings/:id/recordings, GET /api/recordings/:id/file (Range requests; a Bearer
// token or a signed link), DELETE /api/recordings/:id, POST /api/recordings/:id/retry
// (docs/recording.md "REST"). The file is streamed, never read whole.
#include <boost/json/array.hpp>
#include <filesystem>

#include "api/range.hpp"
#include "api/resources.hpp"
#include "core/clock.hpp"
#include "domain/views.hpp"
#include "http/file_body.hpp"

namespace parley::api::resources {

namespace fs = std::filesystem;

namespace {

std::string file_of(const domain::recording& r) {
  return r.path + "/recording.webm";
}

std::int64_t now_s() {
  return now_unix_ms() / 1000;
}

/// The recording the file request may read: with a Bearer token, for its user (the host or a
/// participant); without, through the link's `expires` and `sig` (docs/recording.md "Links to
/// the file"); neither: unauthorized.
domain::outcome<domain::recording> file_access(const call& c) {
  const std::string& id = c.params.at(0);
  if (c.who) return c.svc.recording_service().get(c.who->user.id, id);
  const auto sig = query_value(c.req.target(), "sig");
  if (!sig) return domain::errc::unauthorized;
  auto expires = query_integer(c, "expires");
  if (!expires) return expires.error();
  if (!*expires) return domain::failure{domain::errc::invalid_field, "expires"};
  return c.svc.recording_service().by_link(id, **expires, *sig, now_s());
}

}  // namespace

result list_recordings(const call& c) {
  auto list = c.svc.recording_service().list(c.who->user.id, c.params.at(0));
  if (!list) return list.error();
  boost::json::array out;
  for (const auto& r : *list) {
    auto o = domain::recording_json(r);
    if (r.status == "ready") {
      auto link = c.svc.recording_service().file_link(r.id, now_s());
      if (!link) return link.error();
      o["fileUrl"] = *link;
    }
    out.emplace_back(std::move(o));
  }
  return json_reply(bhttp::status::ok, {{"recordings", std::move(out)}});
}

result recording_file(const call& c) {
  auto r = file_access(c);
  if (!r) return r.error();
  if (r->status != "ready")
    return domain::failure{domain::errc::not_found, "", "The recording is not ready."};
  const std::string path = file_of(*r);
  std::error_code ec;
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) return domain::failure{domain::errc::not_found, "", "The recording's file is gone."};
  const auto header = c.req[bhttp::field::range];
  const byte_range want = parse_range(header, size);
  if (want.unsatisfiable) {
    reply out = json_reply(bhttp::status::range_not_satisfiable,
                           {{"error",
                             {{"code", "range_not_satisfiable"},
                              {"message", "The requested range is outside the file."}}}});
    out.headers.emplace_back(bhttp::field::content_range, "bytes */" + std::to_string(size));
    return out;
  }
  std::uint64_t first = 0;
  std::uint64_t last = size ? size - 1 : 0;
  if (want.partial) {
    first = want.first;
    last = want.last;
  }
  // Opened here, off the network threads; the session streams it in chunks.
  auto part = http::open_part(path, first, size ? last - first + 1 : 0);
  if (!part) return domain::failure{domain::errc::unavailable};
  reply out{want.partial ? bhttp::status::partial_content : bhttp::status::ok,
            "video/webm",
            {},
            {},
            std::move(part)};
  out.headers.emplace_back(bhttp::field::accept_ranges, "bytes");
  if (query_value(c.req.target(), "download"))
    out.headers.emplace_back(
        bhttp::field::content_disposition,
        "attachment; filename=\"parley-" + r->meeting_id + "-" + r->id + ".webm\"");
  if (want.partial)
    out.headers.emplace_back(
        bhttp::field::content_range,
        "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
  return out;
}

result delete_recording(const call& c) {
  auto r = c.svc.recording_service().remove(c.who->user.id, c.params.at(0));
  if (!r) return r.error();
  std::error_code ec;
  if (!r->path.empty()) fs::remove_all(r->path, ec);
  return no_content();
}

result retry_recording(const call& c) {
  auto r = c.svc.recording_service().retry(c.who->user.id, c.params.at(0));
  if (!r) return r.error();
  return json_reply(bhttp::status::accepted, {{"recording", domain::recording_json(*r)}});
}

}  // namespace parley::api::resources
