// scan(): validates a raw event's payload exactly as the DOM decoder (parse_text) would --
// well-formed JSON, at most max_json_depth levels, finite numbers, an array whose first
// element is the event name (a string or number; reserved names are not checked: the
// client never hands them to a raw handler) -- with Boost.JSON's SAX parser, no allocation and no
// DOM, and streams the event's arguments to a visitor as they are read.
//
//   struct find_text : socketio::scan_visitor {
//     void on_string(std::string_view piece, std::size_t size, unsigned depth) { ... }
//   };
//   find_text v;
//   socketio::scanned ok = socketio::scan(ev.json, v);
//
// Include this header only where scan() is instantiated: it pulls in the parser's body.
#pragma once

#include <boost/json/basic_parser_impl.hpp>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string_view>

#include "socketio/packet.hpp"
#include "socketio/raw_event.hpp"

namespace parley::socketio {

/// The visitor's hooks, all no-ops: derive and hide the ones you need. `depth` is 0 for an
/// argument itself, 1 for the members (or elements) of an argument, and so on.
struct scan_visitor {
  /// Before each argument; `index` 0 is the first argument after the event name.
  void on_arg(std::size_t index) {}
  void on_open(bool object, unsigned depth) {}
  void on_close(bool object, unsigned depth) {}
  /// A key. `piece` is all of it (decoded) when piece.size() == size, else only its last
  /// part. `end` is the offset in the payload just past the key's closing quote when the key
  /// was written without escapes, else npos.
  void on_key(std::string_view piece, std::size_t size, std::size_t end, unsigned depth) {}
  /// A string value; `piece` as for on_key. `in_text` when `piece` points into the payload
  /// (then it outlives the scan, as long as the payload).
  void on_string(std::string_view piece, std::size_t size, bool in_text, unsigned depth) {}
  /// A number, true, false or null.
  void on_scalar(unsigned depth) {}
};

namespace detail {

template <class V>
class scan_handler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  scan_handler(V& v, std::string_view json) : v_(v), json_(json) {}

  /// The document was an array starting with the event name.
  bool complete() const { return named_; }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code& ec) { return open(false, ec); }
  bool on_array_end(std::size_t, boost::system::error_code&) { return close(false); }
  bool on_object_begin(boost::system::error_code& ec) { return open(true, ec); }
  bool on_object_end(std::size_t, boost::system::error_code&) { return close(true); }
  bool on_string_part(std::string_view, std::size_t, boost::system::error_code& ec) {
    if (in_string_) return true;
    in_string_ = true;
    return value_start(true, ec);
  }
  bool on_string(std::string_view s, std::size_t n, boost::system::error_code& ec) {
    const bool started = in_string_;
    in_string_ = false;
    if (!started && !value_start(true, ec)) return false;
    if (level_ == 1 && index_ == 1) {
      named_ = true;  // the event name itself: not an argument
      return true;
    }
    v_.on_string(s, n, inside(s), level_ - 1);
    return true;
  }
  bool on_key_part(std::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_key(std::string_view s, std::size_t n, boost::system::error_code&) {
    const bool raw = s.size() == n && inside(s);
    const std::size_t end =
        raw ? static_cast<std::size_t>(s.data() - json_.data()) + n + 1 : std::string_view::npos;
    v_.on_key(s, n, end, level_ - 1);
    return true;
  }
  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, boost::system::error_code& ec) {
    return scalar(ec, true);
  }
  bool on_uint64(std::uint64_t, std::string_view, boost::system::error_code& ec) {
    return scalar(ec, true);
  }
  bool on_double(double d, std::string_view, boost::system::error_code& ec) {
    // As parse_text: an out-of-range literal (1e999) would not survive a round trip.
    if (!std::isfinite(d)) {
      ec = boost::json::error::syntax;
      return false;
    }
    return scalar(ec, true);
  }
  bool on_bool(bool, boost::system::error_code& ec) { return scalar(ec); }
  bool on_null(boost::system::error_code& ec) { return scalar(ec); }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }

 private:
  // Every value starts here: the document must be an array, its first element the name (a
  // string or a number, as parse_text allows).
  bool value_start(bool name_type, boost::system::error_code& ec) {
    if (level_ == 0) {
      ec = boost::json::error::syntax;  // a top-level scalar (the array opens in open())
      return false;
    }
    if (level_ == 1) {
      if (index_ == 0 && !name_type) {
        ec = boost::json::error::syntax;  // the event name must be a string here
        return false;
      }
      if (index_ > 0) v_.on_arg(index_ - 1);
      ++index_;
    }
    return true;
  }
  bool open(bool object, boost::system::error_code& ec) {
    if (level_ == 0 && object) {
      ec = boost::json::error::syntax;
      return false;
    }
    if (level_ > 0) {
      if (!value_start(false, ec)) return false;
      v_.on_open(object, level_ - 1);
    }
    ++level_;
    return true;
  }
  bool close(bool object) {
    --level_;
    if (level_ > 0) v_.on_close(object, level_ - 1);
    return true;
  }
  bool scalar(boost::system::error_code& ec, bool number = false) {
    if (!value_start(number, ec)) return false;
    if (level_ == 1 && index_ == 1) {
      named_ = true;
      return true;
    }
    v_.on_scalar(level_ - 1);
    return true;
  }
  bool inside(std::string_view s) const {
    const std::less_equal<const char*> le;
    return le(json_.data(), s.data()) && le(s.data() + s.size(), json_.data() + json_.size());
  }

  V& v_;
  std::string_view json_;
  unsigned level_ = 0;     // containers open around the current token
  std::size_t index_ = 0;  // elements of the top-level array seen so far
  bool in_string_ = false;
  bool named_ = false;
};

}  // namespace detail

/// Validates a raw event's payload (raw_event::json) and streams its arguments to `visitor`.
/// The visitor may have seen part of a payload that is then refused.
template <class V>
scanned scan(std::string_view json, V& visitor) {
  boost::json::parse_options opts;
  opts.max_depth = max_json_depth;
  boost::json::basic_parser<detail::scan_handler<V>> p(opts, visitor, json);
  boost::system::error_code ec;
  const std::size_t n = p.write_some(false, json.data(), json.size(), ec);
  return scanned(!ec && n == json.size() && p.handler().complete());
}

}  // namespace parley::socketio
