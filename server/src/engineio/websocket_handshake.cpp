#include "engineio/websocket_handshake.hpp"

#include <openssl/evp.h>

#include <array>

#include "engineio/base64.hpp"

namespace parley::engineio::ws {

std::string accept_key(std::string_view client_key) {
  static constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input;
  input.reserve(client_key.size() + guid.size());
  input.append(client_key).append(guid);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_sha1(), nullptr);
  std::string out;
  base64::encode_append(out, {reinterpret_cast<const char*>(digest.data()), size});
  return out;
}

std::optional<std::string> switching_protocols(const http::request& req) {
  if (req.method() != bhttp::verb::get || req.version() != 11 || !websocket::is_upgrade(req))
    return std::nullopt;
  if (req[bhttp::field::sec_websocket_version] != "13") return std::nullopt;
  const std::string_view key = req[bhttp::field::sec_websocket_key];
  std::string nonce;
  if (!base64::decode(key, nonce) || nonce.size() != 16) return std::nullopt;
  std::string res =
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ";
  res += accept_key(key);
  res += "\r\n\r\n";
  return res;
}

}  // namespace parley::engineio::ws
