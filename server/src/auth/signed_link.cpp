#include "auth/signed_link.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

namespace parley::auth {

std::string link_signature(std::string_view key, std::string_view what, std::int64_t expires_s) {
  const std::string message = std::string(what) + "\n" + std::to_string(expires_s);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  std::string out(
      sodium_base64_ENCODED_LEN(EVP_MAX_MD_SIZE, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), mac, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

bool link_valid(std::string_view key, std::string_view what, std::int64_t expires_s,
                std::string_view signature, std::int64_t now_s) {
  if (now_s >= expires_s) return false;
  const std::string want = link_signature(key, what, expires_s);
  return signature.size() == want.size() &&
         CRYPTO_memcmp(signature.data(), want.data(), want.size()) == 0;
}

}  // namespace parley::auth
