// GET /api/meetings/:id/recordings, GET /api/recordings/:id/file (Range requests),
// DELETE /api/recordings/:id (docs/recording.md "REST"). The file is streamed, never read whole.
#include <boost/json/array.hpp>
#include <filesystem>

#include "api/range.hpp"
#include "api/resources.hpp"
#include "domain/views.hpp"
#include "http/file_body.hpp"

namespace parley::api::resources {

namespace fs = std::filesystem;

namespace {

std::string file_of(const domain::recording& r) {
  return r.path + "/recording.webm";
}

}  // namespace

result list_recordings(const call& c) {
  auto list = c.svc.recording_service().list(c.who->user.id, c.params.at(0));
  if (!list) return list.error();
  boost::json::array out;
  for (const auto& r : *list) out.emplace_back(domain::recording_json(r));
  return json_reply(bhttp::status::ok, {{"recordings", std::move(out)}});
}

result recording_file(const call& c) {
  auto r = c.svc.recording_service().get(c.who->user.id, c.params.at(0));
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

}  // namespace parley::api::resources
