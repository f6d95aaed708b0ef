#include "signaling/relay_scan.hpp"

#include "socketio/event_scan.hpp"

namespace parley::signaling {

namespace {

constexpr auto npos = std::string_view::npos;

/// Reads the first argument's `targetSocket` and body member (depth 1), and the body's own
/// members (depth 2) for parse_relay's size rules (requests.cpp valid_body and weight).
class relay_visitor : public socketio::scan_visitor {
 public:
  relay_visitor(relay_type t, const limits& lim)
      : body_key_(body_field(t)),
        rule_(body_rule_of(t, lim)),
        extra_max_(lim.max_relay_extra_bytes) {}

  void on_arg(std::size_t index) { first_ = index == 0; }
  void on_open(bool object, unsigned depth) {
    if (!first_) return;
    if (depth == 0) return void(object_ = object);
    if (depth == 1) return value(object ? kind::object : kind::other, 0);
    if (in_body()) add_weight(8, depth, false);
  }
  void on_key(std::string_view key, std::size_t size, std::size_t end, unsigned depth) {
    if (!first_ || depth > 2) return weigh_key(size, depth);
    // A key known only in part (escaped and long) is left to the DOM path, which decodes it.
    if (depth == 1) {
      if (key.size() != size) unsupported_ = true;
      return member(key, end);
    }
    if (!in_body()) return;
    if (key.size() != size) unsupported_ = true;
    if (key == rule_.inner) {
      extra_ += inner_weight_;  // an earlier duplicate travels too: count it as bulk
      inner_weight_ = size;
      inner_ = true;
      inner_string_ = false;
      inner_seen_ = true;
    } else {
      inner_ = false;
      extra_ += size;
    }
  }
  void on_string(std::string_view s, std::size_t size, bool in_text, unsigned depth) {
    if (!first_) return;
    if (depth == 0) return void(object_ = false);
    if (depth == 1) {
      if (field_ == field::target && (!in_text || s.size() != size)) unsupported_ = true;
      if (field_ == field::target) target_ = s;
      return value(kind::string, size);
    }
    if (in_body()) add_weight(size + 2, depth, true, size);
  }
  void on_scalar(unsigned depth) {
    if (!first_) return;
    if (depth == 0) return void(object_ = false);
    if (depth == 1) return value(kind::other, 0);
    if (in_body()) add_weight(8, depth, false);
  }

  relay_scan::verdict verdict() const {
    using v = relay_scan::verdict;
    if (unsupported_) return v::unsupported;
    if (!object_ || target_kind_ != kind::string) return v::invalid;
    if (body_kind_ == kind::string) return body_size_ <= rule_.max ? v::ok : v::invalid;
    if (body_kind_ != kind::object || !inner_seen_ || !inner_string_) return v::invalid;
    return inner_size_ <= rule_.max && extra_ <= extra_max_ ? v::ok : v::invalid;
  }
  std::string_view target() const { return target_; }
  std::size_t body_key_end() const { return body_key_end_; }
  /// The opening quote of the key after the body, when there is one (written unescaped).
  std::size_t next_key() const { return next_key_; }

 private:
  enum class kind { none, string, object, other };
  enum class field { other, target, body };

  bool in_body() const { return field_ == field::body && body_kind_ == kind::object; }

  // A member of the first argument; the last of duplicate keys wins, as in the DOM.
  void member(std::string_view key, std::size_t end) {
    if (field_ == field::body && end != npos) next_key_ = end - key.size() - 2;
    if (key == "targetSocket") {
      field_ = field::target;
    } else if (key == body_key_) {
      field_ = field::body;
      if (end == npos) unsupported_ = true;  // the body's bytes must be found by position
      body_key_end_ = end;
      next_key_ = npos;
      extra_ = inner_weight_ = inner_size_ = 0;
      inner_seen_ = inner_string_ = inner_ = false;
    } else {
      field_ = field::other;
    }
  }
  // The value of the member just read.
  void value(kind k, std::size_t size) {
    if (field_ == field::target) target_kind_ = k;
    if (field_ == field::body) {
      body_kind_ = k;
      body_size_ = size;
    }
  }
  // A value inside the body object: weight as requests.cpp weight(), either the inner
  // field's (which must be a string of at most rule_.max) or the others'.
  void add_weight(std::size_t w, unsigned depth, bool string, std::size_t size = 0) {
    if (!inner_) return void(extra_ += w);
    inner_weight_ += w;
    if (depth == 2) {
      inner_string_ = string;
      inner_size_ = size;
    }
  }
  void weigh_key(std::size_t size, unsigned depth) {
    if (first_ && depth > 2 && in_body()) add_weight(size, depth, false);
  }

  const std::string_view body_key_;
  const body_rule rule_;
  const std::size_t extra_max_;

  bool first_ = false;  // inside the first argument
  bool object_ = false;
  bool unsupported_ = false;
  field field_ = field::other;
  kind target_kind_ = kind::none;
  std::string_view target_;
  kind body_kind_ = kind::none;
  std::size_t body_size_ = 0;
  std::size_t body_key_end_ = npos;
  std::size_t next_key_ = npos;
  // Inside the body object.
  bool inner_ = false;  // reading the inner field's value
  bool inner_seen_ = false;
  bool inner_string_ = false;
  std::size_t inner_size_ = 0;
  std::size_t inner_weight_ = 0;
  std::size_t extra_ = 0;
};

}  // namespace

relay_scan scan_relay(std::string_view json, relay_type t, const limits& lim) {
  relay_visitor v(t, lim);
  socketio::scanned valid = socketio::scan(json, v);
  const auto what = v.verdict();
  if (!valid || what != relay_scan::verdict::ok) return {valid, what, {}};
  const std::size_t begin = socketio::skip_to_value(json, v.body_key_end());
  const std::size_t end = v.next_key() == npos ? socketio::skip_value(json, begin)
                                               : socketio::value_end_before(json, v.next_key());
  return {valid, what, {v.target(), json.substr(begin, end - begin)}};
}

}  // namespace parley::signaling
