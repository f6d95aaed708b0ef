#include "domain/validation.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace parley::domain {

namespace {

failure invalid(std::string_view field, std::string message) {
  return failure(errc::invalid_field, std::string(field), std::move(message));
}

// Decodes UTF-8 strictly (no overlongs, surrogates or values past U+10FFFF).
std::optional<std::vector<char32_t>> decode(std::string_view v) {
  std::vector<char32_t> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size();) {
    const auto b = static_cast<unsigned char>(v[i]);
    int extra = b < 0x80           ? 0
                : (b >> 5) == 0x6  ? 1
                : (b >> 4) == 0xe  ? 2
                : (b >> 3) == 0x1e ? 3
                                   : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= v.size() + (extra == 0))
      return std::nullopt;
    char32_t cp = extra == 0 ? b : b & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(v[i + static_cast<std::size_t>(k)]);
      if ((c & 0xc0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3f);
    }
    static constexpr char32_t min_for[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/// Unicode format characters (general category Cf) and other invisible code points that let
/// one name pose as another: bidi embeddings, overrides and isolates, zero-width characters,
/// word joiners, the BOM, soft hyphen, tags (docs/api.md "Field rules").
bool is_format(char32_t c) {
  return c == 0xad || c == 0x61c || c == 0x180e || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c == 0xfeff ||
         (c >= 0xfff9 && c <= 0xfffb) || c == 0x110bd || c == 0x110cd ||
         (c >= 0x1bca0 && c <= 0x1bca3) || (c >= 0x1d173 && c <= 0x1d17a) || c == 0xe0001 ||
         (c >= 0xe0020 && c <= 0xe007f) || (c >= 0x600 && c <= 0x605) || c == 0x6dd || c == 0x70f ||
         c == 0x8e2 || c == 0x890 || c == 0x891;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xa0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200b) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
         c == 0x205f || c == 0x3000 || c == 0xfeff;
}

// Printable text of `min`..`max` code points that is not only white space.
verdict check_text(std::string_view v, std::string_view field, std::size_t min, std::size_t max,
                   bool allow_newlines) {
  auto cps = decode(v);
  if (!cps) return invalid(field, std::string(field) + " must be valid UTF-8.");
  if (cps->size() < min || cps->size() > max)
    return invalid(field, std::string(field) + " must be " + std::to_string(min) + " to " +
                              std::to_string(max) + " characters.");
  bool blank = true;
  for (char32_t c : *cps) {
    if (is_control(c) && !(allow_newlines && (c == '\n' || c == '\t' || c == '\r')))
      return invalid(field, std::string(field) + " must not contain control characters.");
    if (!is_space(c)) blank = false;
  }
  if (blank && min > 0) return invalid(field, std::string(field) + " must not be blank.");
  return std::nullopt;
}

bool domain_ok(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.front() == '.' || d.back() == '.' ||
      d.find("..") != std::string_view::npos)
    return false;
  for (char c : d) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '-' || c == '.' || u >= 0x80)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view v) {
  auto cps = decode(v);
  if (!cps) return std::nullopt;
  return cps->size();
}

verdict check_username(std::string_view v, std::string_view field) {
  if (v.size() < 3 || v.size() > 32) return invalid(field, "username must be 3 to 32 characters.");
  for (char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
      return invalid(field, "username may contain only letters, digits, '_', '.' and '-'.");
  return std::nullopt;
}

verdict check_email(std::string_view v, std::string_view field) {
  const auto at = v.rfind('@');
  if (v.size() > 254 || at == std::string_view::npos || at == 0 || !domain_ok(v.substr(at + 1)) ||
      !decode(v))
    return invalid(field, "email must look like local@domain (at most 254 characters).");
  for (char c : v.substr(0, at)) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '@')
      return invalid(field, "email must look like local@domain (at most 254 characters).");
  }
  return std::nullopt;
}

verdict check_password(std::string_view v, std::string_view field) {
  if (v.size() < 8 || v.size() > 1024) return invalid(field, "password must be 8 to 1024 bytes.");
  return std::nullopt;
}

verdict check_display_name(std::string_view v, std::string_view field) {
  if (auto v1 = check_text(v, field, 1, 64, false)) return v1;
  const auto cps = decode(v);  // valid: check_text decoded it
  for (char32_t c : *cps)
    if (is_format(c))
      return invalid(field, std::string(field) +
                                " must not contain invisible or "
                                "direction-changing characters.");
  return std::nullopt;
}

verdict check_title(std::string_view v, std::string_view field) {
  return check_text(v, field, 1, 200, false);
}

verdict check_meeting_password(std::string_view v, std::string_view field) {
  // docs/api.md "Meeting passwords": at least 4 characters (code points), at most 1024 bytes.
  const auto length = utf8_length(v);
  if (!length || *length < 4 || v.size() > 1024)
    return invalid(field, "password must be 4 to 1024 characters (at most 1024 bytes).");
  return std::nullopt;
}

verdict check_chat_text(std::string_view v, std::string_view field) {
  return check_text(v, field, 1, 4000, true);
}

}  // namespace parley::domain
