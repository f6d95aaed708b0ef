// Which TLS the configuration asks for (docs/tls.md): the --tls-cert/--tls-key pair; else, on
// a non-loopback --host without --no-tls, the self-signed pair in the data folder; else none.
#pragma once

#include <memory>
#include <string>

#include "app/config.hpp"
#include "tls/context_store.hpp"

namespace parley::app {

struct tls_setup {
  std::shared_ptr<tls::context_store> store;  ///< null: plain HTTP
  std::string error;                          ///< one line naming the problem; empty if none
};

/// Loads (or makes) the pair and logs its SHA-256 fingerprint. Runs before the port is bound.
tls_setup setup_tls(const config& cfg);

/// The data folder: the SQLite store's folder, else ./data (PostgreSQL keeps nothing on disk).
std::string data_folder(const config& cfg);

/// Whether `host` is a loopback address (127.0.0.0/8, ::1), which stays plain HTTP by default.
bool is_loopback_host(const std::string& host);

}  // namespace parley::app
