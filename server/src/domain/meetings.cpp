#include "domain/meetings.hpp"

#include <algorithm>

#include "auth/ids.hpp"
#include "auth/password.hpp"
#include "core/clock.hpp"
#include "domain/listeners.hpp"
#include "domain/store_errors.hpp"
#include "domain/validation.hpp"

namespace parley::domain {

namespace {

constexpr int id_attempts = 3;  // 62-bit ids: a collision is rare, three in a row impossible
constexpr std::string_view default_title = "Untitled meeting";

/// `user_id` may join `m` without its password: it has none, or the user is its host.
bool needs_no_password(const store::meeting_record& m, std::string_view user_id) {
  return !m.has_password() || m.host_id == user_id;
}

}  // namespace

meetings::meetings(store::store& db, const config& cfg, listeners& notify)
    : db_(db),
      cfg_(cfg),
      notify_(notify),
      active_(cfg.meeting_cache_size),
      guesses_(db, cfg.meeting_passwords, "meeting-password", cfg.shared_attempt_counts) {}

outcome<store::meeting_record> meetings::find(std::string_view meeting_id) {
  if (!auth::is_meeting_id(meeting_id)) return errc::not_found;
  auto m = db_.find_meeting(meeting_id);
  if (!m) return from_store(m.error());
  remember(*m);
  return std::move(*m);
}

outcome<store::meeting_record> meetings::row(std::string_view meeting_id) {
  if (auto m = active_.find(std::string(meeting_id))) return std::move(*m);
  return find(meeting_id);
}

void meetings::remember(const store::meeting_record& m) {
  if (!m.active()) return active_.erase(m.meeting_id);
  // The row without its participants (which change with every join): what join checks read.
  // (Its lock and lobby flags may go stale: the live room holds the current ones.)
  store::meeting_record row{m.meeting_id,    m.title,      m.host_id,
                            m.password_hash, m.created_at, m.ended_at,
                            m.locked,        m.lobby,      {}};
  active_.put(m.meeting_id, std::move(row));
}

outcome<void> meetings::require_member(const store::meeting_record& m, std::string_view user_id) {
  if (m.host_id == user_id) return {};
  auto joined = std::any_of(m.participants.begin(), m.participants.end(),
                            [&](const auto& p) { return p.user_id == user_id; });
  if (!joined) return errc::forbidden;
  return {};
}

outcome<store::meeting_record> meetings::create(std::string_view host_id,
                                                std::optional<std::string_view> title,
                                                std::optional<std::string_view> password,
                                                bool lobby) {
  if (title)
    if (auto v = check_title(*title)) return *v;
  store::meeting_record m;
  m.title = std::string(title.value_or(default_title));
  m.host_id = std::string(host_id);
  m.lobby = lobby;
  if (password && !password->empty()) {  // an empty password field means "no password"
    if (auto v = check_meeting_password(*password)) return *v;
    m.password_hash = auth::hash_password(*password, cfg_.password_cost);
    if (m.password_hash.empty()) return errc::unavailable;
  }
  m.created_at = now_unix_ms();
  for (int attempt = 0;; ++attempt) {
    m.meeting_id = auth::new_meeting_id();
    auto r = db_.create_meeting(m);
    if (r) {
      remember(m);
      return m;
    }
    if (r.error() != store::errc::duplicate_id || attempt + 1 == id_attempts)
      return from_store(r.error());
  }
}

outcome<store::meeting_record> meetings::get(std::string_view meeting_id) {
  return find(meeting_id);
}

outcome<std::vector<store::meeting_record>> meetings::list_for(std::string_view user_id) {
  auto r = db_.meetings_of(user_id, cfg_.meeting_list_limit);
  if (!r) return from_store(r.error());
  return std::move(*r);
}

outcome<store::meeting_record> meetings::join(std::string_view user_id, std::string_view meeting_id,
                                              std::optional<std::string_view> password) {
  if (auto ok = admit(user_id, meeting_id, password); !ok) return ok.error();
  // A user removed from the meeting cannot join it again, by REST either (docs/api.md).
  auto mod = db_.find_moderation(meeting_id);
  if (!mod) return from_store(mod.error());
  if (std::find(mod->banned.begin(), mod->banned.end(), user_id) != mod->banned.end())
    return errc::forbidden;
  return joined(meeting_id, db_.record({store::attendance::kind::join, std::string(meeting_id),
                                        std::string(user_id), now_unix_ms()}));
}

outcome<store::meeting_record> meetings::admit(std::string_view user_id,
                                               std::string_view meeting_id,
                                               std::optional<std::string_view> password) {
  auto m = row(meeting_id);
  if (!m) return m.error();
  if (!m->active()) return errc::meeting_ended;
  m->participants.clear();
  if (needs_no_password(*m, user_id)) return std::move(*m);
  // docs/api.md "Meeting passwords": a missing password is no guess (and costs no Argon2).
  if (!password) return errc::wrong_password;
  std::string pair = std::string(meeting_id) + "/" + std::string(user_id);
  if (auto wait = guesses_.check(pair, meeting_id); wait.count() > 0) {
    failure f(errc::rate_limited, {}, "Too many wrong meeting passwords; try again later.");
    f.retry_after = wait;
    return f;
  }
  if (!auth::verify_password(m->password_hash, *password)) {
    guesses_.record_failure(pair, meeting_id);
    return errc::wrong_password;
  }
  return std::move(*m);
}

outcome<std::optional<store::meeting_record>> meetings::admit_without_password(
    std::string_view user_id, std::string_view meeting_id) {
  auto m = row(meeting_id);
  if (!m) return m.error();
  if (!m->active()) return errc::meeting_ended;
  if (!needs_no_password(*m, user_id)) return std::optional<store::meeting_record>();
  m->participants.clear();
  return std::optional<store::meeting_record>(std::move(*m));
}

std::optional<store::meeting_record> meetings::admit_from_cache(std::string_view user_id,
                                                                std::string_view meeting_id) {
  auto m = active_.find(std::string(meeting_id));
  if (!m || !m->active() || !needs_no_password(*m, user_id)) return std::nullopt;
  return std::move(*m);
}

outcome<store::meeting_record> meetings::joined(std::string_view meeting_id,
                                                store::result<store::attendance_outcome> r) {
  if (!r) {
    auto f = from_store(r.error());
    if (f.code == errc::meeting_ended || f.code == errc::not_found)
      active_.erase(std::string(meeting_id));  // ended since it was cached
    return f;
  }
  if (!r->meeting) return errc::unavailable;  // a join's outcome always has it
  return std::move(*r->meeting);
}

outcome<void> meetings::leave(std::string_view user_id, std::string_view meeting_id) {
  if (!auth::is_meeting_id(meeting_id)) return errc::not_found;
  if (auto r = db_.mark_left(meeting_id, user_id, now_unix_ms()); !r) return from_store(r.error());
  return {};
}

outcome<store::meeting_record> meetings::end(std::string_view user_id,
                                             std::string_view meeting_id) {
  auto m = find(meeting_id);
  if (!m) return m;
  if (m->host_id != user_id) return errc::not_host;
  if (!m->active()) return errc::meeting_ended;
  auto ended = db_.end_meeting(meeting_id, now_unix_ms());
  active_.erase(std::string(meeting_id));
  if (!ended) return from_store(ended.error());
  notify_.meeting_ended(ended->meeting_id);
  return std::move(*ended);
}

outcome<store::moderation_record> meetings::moderation(std::string_view meeting_id) {
  auto r = db_.find_moderation(meeting_id);
  if (!r) return from_store(r.error());
  return std::move(*r);
}

outcome<void> meetings::set_flag(std::string_view meeting_id, store::meeting_flag flag, bool on) {
  if (auto r = db_.set_meeting_flag(meeting_id, flag, on); !r) return from_store(r.error());
  return {};
}

outcome<void> meetings::set_cohost(std::string_view meeting_id, std::string_view user_id,
                                   bool cohost) {
  if (auto r = db_.set_cohost(meeting_id, user_id, cohost); !r) return from_store(r.error());
  return {};
}

outcome<void> meetings::ban(std::string_view meeting_id, std::string_view user_id) {
  if (auto r = db_.ban_user(meeting_id, user_id, now_unix_ms()); !r) return from_store(r.error());
  return {};
}

outcome<store::message_record> meetings::post_message(std::string_view user_id,
                                                      std::string_view meeting_id,
                                                      std::string_view text) {
  if (auto v = check_chat_text(text)) return *v;
  auto m = find(meeting_id);
  if (!m) return m.error();
  if (!m->active()) return errc::meeting_ended;
  if (auto member = require_member(*m, user_id); !member) return member.error();
  auto msg = db_.add_message(meeting_id, user_id, text, now_unix_ms());
  if (!msg) return from_store(msg.error());
  return std::move(*msg);
}

outcome<std::vector<store::message_record>> meetings::messages(std::string_view user_id,
                                                               std::string_view meeting_id,
                                                               std::optional<std::int64_t> before,
                                                               std::optional<std::int64_t> limit) {
  const auto most = static_cast<std::int64_t>(cfg_.message_history);
  if (limit && (*limit < 1 || *limit > most))
    return failure(errc::invalid_field, "limit",
                   "limit must be between 1 and " + std::to_string(most) + ".");
  if (before && *before < 1)
    return failure(errc::invalid_field, "before", "before must be a message id (1 or more).");
  auto m = find(meeting_id);
  if (!m) return m.error();
  if (auto member = require_member(*m, user_id); !member) return member.error();
  auto r = db_.recent_messages(meeting_id, static_cast<std::size_t>(limit.value_or(most)), before);
  if (!r) return from_store(r.error());
  return std::move(*r);
}

outcome<std::vector<store::stay_record>> meetings::attendance(std::string_view user_id,
                                                              std::string_view meeting_id) {
  auto m = find(meeting_id);
  if (!m) return m.error();
  if (auto member = require_member(*m, user_id); !member) return member.error();
  auto r = db_.stays_of(meeting_id);
  if (!r) return from_store(r.error());
  return std::move(*r);
}

}  // namespace parley::domain
