#include "socketio/event_writer.hpp"

#include <algorithm>

namespace parley::socketio {

std::string event_writer::header(std::string_view nsp, std::string_view event) {
  std::string out = "2";
  if (!nsp.empty() && nsp != "/") out.append(nsp).append(1, ',');
  out += '[';
  append_json_string(out, event);
  return out;
}

event_writer::event_writer(std::string_view header, std::size_t args_bytes) {
  text_.reserve(header.size() + 1 + args_bytes + 1);  // one argument's comma, the ']'
  text_ = header;
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
