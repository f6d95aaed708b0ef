#include "loadgen/room_source.hpp"

namespace parley::bench {

bool named_rooms::prepare(std::size_t rooms) {
  while (names_.size() < rooms) names_.push_back("bench-" + std::to_string(names_.size()));
  return true;
}

}  // namespace parley::bench
