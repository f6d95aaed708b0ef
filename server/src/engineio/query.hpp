// The query parameters an Engine.IO request carries.
#pragma once

#include <string>
#include <string_view>

namespace parley::engineio {

struct query {
  std::string raw;        ///< everything after '?', unparsed (handed to the layer above)
  std::string eio;        ///< protocol revision; "4" is the only one served
  std::string transport;  ///< "polling" or "websocket"
  std::string sid;        ///< empty on a handshake
};

/// Parses the query of a request target ("/engine.io/?EIO=4&transport=polling"). Values are
/// percent-decoded; a repeated key keeps its first value; malformed escapes are kept as is.
query parse_query(std::string_view target);

}  // namespace parley::engineio
