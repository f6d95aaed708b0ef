// Where the bench's clients get their auth token and their room name from. Reference servers
// accept any token and any room; Parley needs real guests and meetings (see parley_rooms).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace parley::bench {

class room_source {
 public:
  virtual ~room_source() = default;
  // Makes rooms [0, rooms) and the tokens clients use ready, before anything is timed.
  // Returns false (and says why on stderr) when the server refuses.
  virtual bool prepare(std::size_t rooms) = 0;
  virtual const std::string& room(std::size_t index) const = 0;
  virtual const std::string& token(std::size_t client) const = 0;
};

// Rooms named `bench-<i>` and one fixed token: for servers that check neither.
class named_rooms final : public room_source {
 public:
  bool prepare(std::size_t rooms) override;
  const std::string& room(std::size_t index) const override { return names_.at(index); }
  const std::string& token(std::size_t) const override { return token_; }

 private:
  std::vector<std::string> names_;
  std::string token_ = "bench";
};

}  // namespace parley::bench
