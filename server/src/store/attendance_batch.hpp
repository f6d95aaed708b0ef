// store::record_attendance on one connection: the whole batch in one transaction.
// Internal to the store layer (sql_store calls it).
#pragma once

#include <span>
#include <vector>

#include "store/errc.hpp"
#include "store/records.hpp"
#include "store/sql_connection.hpp"
#include "store/store.hpp"

namespace parley::store {

/// Applies `changes` in order inside one write transaction and commits once. A change the
/// rules refuse (not_found, meeting_ended) is a result in the vector and writes nothing. A
/// statement that fails (a constraint, a lost connection, a lock timeout) rolls the whole
/// batch back and is returned as the db_error: nothing was applied then.
db_result<std::vector<result<attendance_outcome>>> apply_attendance(
    sql_connection& c, std::span<const attendance> changes);

}  // namespace parley::store
