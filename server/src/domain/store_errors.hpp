// Translates store errors into domain failures (the one place that does).
#pragma once

#include <boost/system/error_code.hpp>

#include "domain/errc.hpp"

namespace parley::domain {

/// not_found, username_taken, email_taken and meeting_ended keep their meaning; anything else
/// (the database failed) is unavailable.
failure from_store(const boost::system::error_code& ec);

}  // namespace parley::domain
