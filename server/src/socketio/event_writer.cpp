#include "socketio/event_writer.hpp"

#include <algorithm>

namespace parley::socketio {

event_writer::event_writer(std::string_view nsp, std::string_view event, std::size_t args_bytes) {
  const bool root = nsp.empty() || nsp == "/";
  // 2 [nsp,] [ "event" , args ] -- one argument's comma; more grow the buffer once at most.
  text_.reserve(1 + (root ? 0 : nsp.size() + 1) + 1 + event.size() + 2 + 1 + args_bytes + 1);
  text_ += '2';
  if (!root) text_.append(nsp).append(1, ',');
  text_ += '[';
  append_json_string(text_, event);
}

void event_writer::arg(std::initializer_list<std::string_view> pieces) {
  text_ += ',';
  for (std::string_view p : pieces) text_ += p;
}

encoded_event event_writer::finish() && {
  text_ += ']';
  return {engineio::text_message(std::move(text_))};
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  const auto plain = [](char c) {
    return c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
  };
  out += '"';
  if (std::all_of(s.begin(), s.end(), plain)) {  // names and ids: nothing to escape
    out.append(s).append(1, '"');
    return;
  }
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace parley::socketio
