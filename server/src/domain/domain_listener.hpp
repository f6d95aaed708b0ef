// Upward notifications from the domain services to whoever keeps live connections (the
// Socket.IO signaling layer). Register with services::add_listener(weak_ptr).
//
// Threads: called on a blocking-pool thread after the store committed the change. The
// implementation must not block: post to its own strands and return.
#pragma once

#include <string>

namespace parley::domain {

class domain_listener {
 public:
  virtual ~domain_listener() = default;

  /// DELETE /api/sessions revoked the token behind `session_id` (auth::identity::session_id):
  /// disconnect every socket authenticated with it.
  virtual void on_session_revoked(const std::string& session_id) = 0;

  /// A meeting was ended (by REST or by signaling, whoever called meetings::end): its
  /// sockets get `meeting-ended` and leave the room. Idempotent handling is expected.
  virtual void on_meeting_ended(const std::string& meeting_id) = 0;
};

}  // namespace parley::domain
