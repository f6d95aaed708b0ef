#include "store/sql_connection.hpp"

#include <charconv>
#include <stdexcept>

namespace parley::store {

std::int64_t rows::integer(std::size_t r, std::size_t c) const {
  return nullable_integer(r, c).value_or(0);
}

std::optional<std::int64_t> rows::nullable_integer(std::size_t r, std::size_t c) const {
  const auto& cell = data[r][c];
  if (!cell) return std::nullopt;
  std::int64_t v = 0;
  std::from_chars(cell->data(), cell->data() + cell->size(), v);
  return v;
}

void throw_exception_from_error(const db_error& e, const boost::source_location&) {
  throw std::runtime_error(e.detail);
}

}  // namespace parley::store
