#include "engineio/payload.hpp"

#include "engineio/base64.hpp"

namespace parley::engineio {

std::optional<packet> payload_reader::next() {
  if (done_) return std::nullopt;
  std::string_view record = rest_;
  if (const auto sep = rest_.find(record_separator); sep != std::string_view::npos) {
    record = rest_.substr(0, sep);
    rest_.remove_prefix(sep + 1);
  } else {
    done_ = true;  // the last record; an empty body is one empty (malformed) record
  }
  if (!record.empty() && record.front() == 'b') {
    if (base64::decode(record.substr(1), scratch_))
      return packet{packet_type::message, scratch_, true};
  } else if (auto p = decode_text_packet(record)) {
    return p;
  }
  done_ = failed_ = true;
  return std::nullopt;
}

std::string encode_payload(const std::vector<out_packet>& packets) {
  std::size_t size = 0;
  for (const auto& p : packets) size += p.queued_size() + (p.binary ? p.data().size() / 2 + 4 : 1);
  std::string out;
  out.reserve(size);
  for (const auto& p : packets) {
    if (!out.empty()) out.push_back(record_separator);
    append_polling_encoding(out, p);
  }
  return out;
}

}  // namespace parley::engineio
