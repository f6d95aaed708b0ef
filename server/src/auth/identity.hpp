// Who a verified bearer token belongs to.
#pragma once

#include <string>

#include "store/records.hpp"

namespace parley::auth {

struct identity {
  store::user_record user;  ///< password_hash is cleared: an identity never carries it
  /// Names the session (hex SHA-256 of the token). Not secret; use it to find the sockets that
  /// must be disconnected when domain_listener::on_session_revoked reports it.
  std::string session_id;
};

/// A fresh sign-in, registration or guest: the identity plus the bearer token, which exists
/// only here and in the client (the store keeps its hash).
struct signed_in {
  identity who;
  std::string token;
};

}  // namespace parley::auth
