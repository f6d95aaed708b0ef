#include "api/turn_credentials.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <boost/json/object.hpp>

namespace parley::api {

namespace {

boost::json::array url_list(const std::vector<std::string>& urls) {
  boost::json::array a;
  for (const auto& u : urls) a.emplace_back(u);
  return a;
}

}  // namespace

std::string turn_credential(std::string_view secret, std::string_view username) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(username.data()), username.size(), mac, &len);
  std::string out(sodium_base64_ENCODED_LEN(EVP_MAX_MD_SIZE, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), mac, len, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

boost::json::array ice_servers(const domain::turn_config& turn, std::string_view user_id,
                               std::optional<std::int64_t> expiry) {
  boost::json::array servers;
  if (!turn.stun_urls.empty())
    servers.push_back(boost::json::object{{"urls", url_list(turn.stun_urls)}});
  if (!turn.secret.empty() && !turn.turn_urls.empty() && expiry) {
    const std::string username = std::to_string(*expiry) + ":" + std::string(user_id);
    servers.push_back(boost::json::object{{"urls", url_list(turn.turn_urls)},
                                          {"username", username},
                                          {"credential", turn_credential(turn.secret, username)}});
  }
  return servers;
}

}  // namespace parley::api
