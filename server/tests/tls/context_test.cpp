#include "tls/context.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "tls/context_store.hpp"
#include "tls/self_signed.hpp"
#include "tls/temp_dir.hpp"

namespace parley::tls {
namespace {

using testing::read_all;
using testing::temp_dir;
using testing::write_all;

self_signed_spec spec() {
  self_signed_spec s;
  s.common_name = "parley.test";
  s.dns_names = {"parley.test"};
  s.addresses = {"127.0.0.1"};
  return s;
}

/// A fresh pair at dir/name-cert.pem, dir/name-key.pem.
std::pair<std::string, std::string> make_pair(const temp_dir& dir, const std::string& name) {
  std::string cert = dir.file(name + "-cert.pem"), key = dir.file(name + "-key.pem");
  EXPECT_EQ(make_self_signed(cert, key, spec()), "");
  return {cert, key};
}

TEST(tls_context, loads_a_matching_pair_for_tls_1_2_and_up) {
  temp_dir dir;
  auto [cert, key] = make_pair(dir, "a");
  loaded l = load(cert, key);
  ASSERT_TRUE(l.context) << l.error;
  EXPECT_EQ(l.error, "");
  EXPECT_EQ(l.fingerprint.size(), 32u * 3 - 1);  // 32 bytes as "AB:" ... "EF"
  EXPECT_FALSE(l.not_after.empty());
  EXPECT_EQ(SSL_CTX_get_min_proto_version(l.context->native_handle()), TLS1_2_VERSION);
}

TEST(tls_context, a_missing_file_is_named_with_its_flag) {
  temp_dir dir;
  auto [cert, key] = make_pair(dir, "a");
  loaded l = load(dir.file("nope.pem"), key);
  EXPECT_FALSE(l.context);
  EXPECT_EQ(l.error,
            "--tls-cert: cannot read " + dir.file("nope.pem") + ": No such file or directory");
  l = load(cert, dir.file("nokey.pem"));
  EXPECT_EQ(l.error,
            "--tls-key: cannot read " + dir.file("nokey.pem") + ": No such file or directory");
}

TEST(tls_context, an_unreadable_file_is_named) {
  temp_dir dir;
  auto [cert, key] = make_pair(dir, "a");
  // A folder where the key should be: unreadable whoever runs the test (root reads any file).
  loaded l = load(cert, dir.path().string());
  EXPECT_FALSE(l.context);
  EXPECT_EQ(l.error, "--tls-key: cannot read " + dir.path().string() + ": Is a directory");
}

TEST(tls_context, files_without_pem_are_refused) {
  temp_dir dir;
  auto [cert, key] = make_pair(dir, "a");
  write_all(dir.file("junk.pem"), "not a certificate\n");
  EXPECT_EQ(load(dir.file("junk.pem"), key).error,
            "--tls-cert: " + dir.file("junk.pem") + " holds no PEM certificate");
  EXPECT_EQ(load(cert, dir.file("junk.pem")).error,
            "--tls-key: " + dir.file("junk.pem") +
                " holds no PEM private key (or an encrypted one, which is not supported)");
  // Swapped files: the certificate where the key should be.
  EXPECT_NE(load(cert, cert).error.find("holds no PEM private key"), std::string::npos);
}

TEST(tls_context, a_key_of_another_certificate_is_refused) {
  temp_dir dir;
  auto [cert_a, key_a] = make_pair(dir, "a");
  auto [cert_b, key_b] = make_pair(dir, "b");
  loaded l = load(cert_a, key_b);
  EXPECT_FALSE(l.context);
  EXPECT_EQ(l.error,
            "--tls-key: the key in " + key_b + " does not match the certificate in " + cert_a);
}

TEST(tls_context, a_chain_after_the_leaf_is_loaded_too) {
  temp_dir dir;
  auto [cert_a, key_a] = make_pair(dir, "a");
  auto [cert_b, key_b] = make_pair(dir, "b");
  write_all(dir.file("chain.pem"), read_all(cert_a) + read_all(cert_b));
  loaded l = load(dir.file("chain.pem"), key_a);
  ASSERT_TRUE(l.context) << l.error;
  STACK_OF(X509)* chain = nullptr;
  SSL_CTX_get0_chain_certs(l.context->native_handle(), &chain);
  ASSERT_NE(chain, nullptr);
  EXPECT_EQ(sk_X509_num(chain), 1);
  EXPECT_EQ(l.fingerprint, load(cert_a, key_a).fingerprint);  // the leaf's
}

TEST(tls_context_store, reload_swaps_in_new_files_and_keeps_the_old_pair_on_failure) {
  temp_dir dir;
  auto [cert, key] = make_pair(dir, "live");
  context_store store(load(cert, key), cert, key);
  const auto first = store.current();
  const std::string first_fp = store.fingerprint();

  auto [cert2, key2] = make_pair(dir, "next");
  write_all(cert, read_all(cert2));
  write_all(key, read_all(key2));
  EXPECT_EQ(store.reload(), "");
  EXPECT_NE(store.current(), first);
  EXPECT_NE(store.fingerprint(), first_fp);
  EXPECT_EQ(store.fingerprint(), load(cert2, key2).fingerprint);

  // A certificate replaced but its key not yet: the reload fails and changes nothing.
  const auto second = store.current();
  const std::string second_fp = store.fingerprint();
  auto [cert3, key3] = make_pair(dir, "third");
  write_all(cert, read_all(cert3));
  EXPECT_EQ(store.reload(),
            "--tls-key: the key in " + key + " does not match the certificate in " + cert);
  EXPECT_EQ(store.current(), second);
  EXPECT_EQ(store.fingerprint(), second_fp);

  std::filesystem::remove(key);
  EXPECT_NE(store.reload().find("--tls-key: cannot read"), std::string::npos);
  EXPECT_EQ(store.current(), second);
}

}  // namespace
}  // namespace parley::tls
