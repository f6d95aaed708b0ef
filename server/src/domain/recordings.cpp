#include "domain/recordings.hpp"

#include <algorithm>

#include "auth/ids.hpp"
#include "auth/signed_link.hpp"
#include "domain/store_errors.hpp"

namespace parley::domain {

outcome<bool> recordings::membership(std::string_view user_id, std::string_view meeting_id) {
  auto m = db_.find_meeting(meeting_id);
  if (!m) return from_store(m.error());
  if (m->host_id == user_id) return true;
  const bool joined = std::any_of(m->participants.begin(), m->participants.end(),
                                  [&](const auto& p) { return p.user_id == user_id; });
  if (!joined) return errc::forbidden;
  return false;
}

outcome<recording> recordings::start(std::string_view meeting_id, std::string_view dir_root,
                                     std::int64_t at_ms) {
  auto m = db_.find_meeting(meeting_id);
  if (!m) return from_store(m.error());
  if (!m->active()) return errc::meeting_ended;
  recording r;
  r.id = auth::new_recording_id();
  r.meeting_id = std::string(meeting_id);
  r.started_at = at_ms;
  r.status = "recording";
  r.path = std::string(dir_root) + "/" + r.id;
  if (auto c = db_.create_recording(r); !c) return from_store(c.error());
  return r;
}

outcome<recording> recordings::stop(std::string_view id, std::int64_t at_ms) {
  auto r = db_.find_recording(id);
  if (!r) return from_store(r.error());
  if (r->status != "recording") return std::move(*r);  // stopped already: idempotent
  r->status = "processing";
  r->ended_at = at_ms;
  if (auto u = db_.update_recording(*r); !u) return from_store(u.error());
  return std::move(*r);
}

outcome<recording> recordings::find(std::string_view id) {
  auto r = db_.find_recording(id);
  if (!r) return from_store(r.error());
  return std::move(*r);
}

outcome<void> recordings::finish(const recording& r) {
  if (auto u = db_.update_recording(r); !u) return from_store(u.error());
  return {};
}

outcome<std::vector<recording>> recordings::with_status(std::string_view status) {
  auto r = db_.recordings_with_status(status);
  if (!r) return from_store(r.error());
  return std::move(*r);
}

outcome<std::optional<recording>> recordings::active_in(std::string_view meeting_id) {
  auto r = db_.recordings_of(meeting_id);
  if (!r) return from_store(r.error());
  for (auto& x : *r)
    if (x.status == "recording") return std::optional<recording>(std::move(x));
  return std::optional<recording>();
}

outcome<std::vector<recording>> recordings::list(std::string_view user_id,
                                                 std::string_view meeting_id) {
  if (auto m = membership(user_id, meeting_id); !m) return m.error();
  auto r = db_.recordings_of(meeting_id);
  if (!r) return from_store(r.error());
  return std::move(*r);
}

outcome<recording> recordings::get(std::string_view user_id, std::string_view id) {
  auto r = db_.find_recording(id);
  if (!r) return from_store(r.error());
  if (auto m = membership(user_id, r->meeting_id); !m) return m.error();
  return std::move(*r);
}

outcome<recording> recordings::remove(std::string_view user_id, std::string_view id) {
  auto r = db_.find_recording(id);
  if (!r) return from_store(r.error());
  auto host = membership(user_id, r->meeting_id);
  if (!host) return host.error();
  if (!*host) return errc::not_host;
  if (auto d = db_.delete_recording(id); !d) return from_store(d.error());
  return std::move(*r);
}

outcome<recording> recordings::retry(std::string_view user_id, std::string_view id) {
  auto r = db_.find_recording(id);
  if (!r) return from_store(r.error());
  auto host = membership(user_id, r->meeting_id);
  if (!host) return host.error();
  if (!*host) return errc::not_host;
  if (r->status == "processing") return std::move(*r);  // queued already
  if (r->status != "failed")
    return failure{errc::conflict, "",
                   r->status == "ready" ? "The recording is ready: there is nothing to retry."
                                        : "The recording is still running."};
  if (!processor_)
    return failure{errc::unavailable, "", "Recordings are processed only with the video server."};
  r->status = "processing";
  r->failure.clear();
  if (auto u = db_.update_recording(*r); !u) return from_store(u.error());
  if (processor_) processor_(r->id);
  return std::move(*r);
}

namespace {
constexpr std::string_view link_key_name = "recording-links";
std::string link_subject(std::string_view id) {
  return "recording-file:" + std::string(id);
}
}  // namespace

outcome<std::string> recordings::link_key() {
  std::lock_guard lock(key_mu_);
  if (key_.empty()) {
    auto k = db_.server_key(link_key_name, auth::new_token());
    if (!k) return from_store(k.error());
    key_ = std::move(*k);
  }
  return key_;
}

outcome<std::string> recordings::file_link(std::string_view id, std::int64_t now_s) {
  auto key = link_key();
  if (!key) return key.error();
  const std::int64_t expires = now_s + link_lifetime_s;
  return "/api/recordings/" + std::string(id) + "/file?expires=" + std::to_string(expires) +
         "&sig=" + auth::link_signature(*key, link_subject(id), expires);
}

outcome<recording> recordings::by_link(std::string_view id, std::int64_t expires_s,
                                       std::string_view signature, std::int64_t now_s) {
  auto key = link_key();
  if (!key) return key.error();
  if (!auth::link_valid(*key, link_subject(id), expires_s, signature, now_s))
    return failure{errc::forbidden, "",
                   now_s >= expires_s ? "The link has expired: open the recording again."
                                      : "The link is not valid."};
  return find(id);
}

}  // namespace parley::domain
