#include "domain/store_errors.hpp"

#include "store/errc.hpp"

namespace parley::domain {

failure from_store(const boost::system::error_code& ec) {
  if (ec == store::errc::not_found) return errc::not_found;
  if (ec == store::errc::username_taken) return errc::username_taken;
  if (ec == store::errc::email_taken) return errc::email_taken;
  if (ec == store::errc::meeting_ended) return errc::meeting_ended;
  return errc::unavailable;
}

}  // namespace parley::domain
