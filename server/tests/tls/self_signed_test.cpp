#include "tls/self_signed.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <memory>

#include "tls/context.hpp"
#include "tls/temp_dir.hpp"

namespace parley::tls {
namespace {

using testing::temp_dir;

struct x509_free {
  void operator()(X509* x) const { X509_free(x); }
};

std::unique_ptr<X509, x509_free> read_cert(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "r"), std::fclose);
  if (!f) return nullptr;
  return std::unique_ptr<X509, x509_free>(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
}

/// The SANs as "DNS:name" / "IP:address" strings.
std::vector<std::string> alt_names(X509* cert) {
  std::vector<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_DNS) {
      out.push_back("DNS:" +
                    std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                                ASN1_STRING_length(n->d.dNSName)));
    } else if (n->type == GEN_IPADD) {
      const unsigned char* b = ASN1_STRING_get0_data(n->d.iPAddress);
      const int len = ASN1_STRING_length(n->d.iPAddress);
      if (len == 4) {
        out.push_back("IP:" + net::ip::address_v4({b[0], b[1], b[2], b[3]}).to_string());
      } else if (len == 16) {
        net::ip::address_v6::bytes_type bytes;
        std::copy(b, b + 16, bytes.begin());
        out.push_back("IP:" + net::ip::address_v6(bytes).to_string());
      }
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

self_signed_spec lan_spec() {
  self_signed_spec s;
  s.common_name = "meeting-box";
  s.dns_names = {"meeting-box", "localhost"};
  s.addresses = {"192.168.1.20", "127.0.0.1", "fe80::1"};
  return s;
}

TEST(tls_self_signed, makes_an_ecdsa_p256_pair_with_every_name_for_a_year) {
  temp_dir dir;
  const self_signed made = ensure_self_signed(dir.file("data"), lan_spec());
  ASSERT_EQ(made.error, "");
  EXPECT_TRUE(made.created);
  EXPECT_EQ(made.cert_file, dir.file("data") + "/self-signed-cert.pem");
  EXPECT_EQ(made.key_file, dir.file("data") + "/self-signed-key.pem");

  auto cert = read_cert(made.cert_file);
  ASSERT_TRUE(cert);
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  char group[64] = {};
  EVP_PKEY_get_group_name(key, group, sizeof group, nullptr);
  EXPECT_STREQ(group, "prime256v1");
  EXPECT_EQ(alt_names(cert.get()),
            (std::vector<std::string>{"DNS:meeting-box", "DNS:localhost", "IP:192.168.1.20",
                                      "IP:127.0.0.1", "IP:fe80::1"}));
  int days = 0, seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert.get()),
                           X509_get0_notAfter(cert.get())),
            1);
  EXPECT_EQ(days, 365);  // a year, plus the hour notBefore is back-dated for clock skew
  EXPECT_EQ(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_SERVER, 0), 1);

  struct stat st {};
  ASSERT_EQ(::stat(made.key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // the private key is the owner's alone
  EXPECT_TRUE(load(made.cert_file, made.key_file).context);
}

TEST(tls_self_signed, is_made_once_and_reused_after) {
  temp_dir dir;
  const self_signed first = ensure_self_signed(dir.path().string(), lan_spec());
  ASSERT_EQ(first.error, "");
  const std::string fp = load(first.cert_file, first.key_file).fingerprint;
  const self_signed again = ensure_self_signed(dir.path().string(), lan_spec());
  ASSERT_EQ(again.error, "");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(load(again.cert_file, again.key_file).fingerprint, fp);
}

TEST(tls_self_signed, a_broken_or_expiring_pair_is_replaced) {
  temp_dir dir;
  const self_signed first = ensure_self_signed(dir.path().string(), lan_spec());
  const std::string fp = load(first.cert_file, first.key_file).fingerprint;
  testing::write_all(first.key_file, "garbage");
  const self_signed fixed = ensure_self_signed(dir.path().string(), lan_spec());
  EXPECT_TRUE(fixed.created);
  EXPECT_NE(load(fixed.cert_file, fixed.key_file).fingerprint, fp);

  self_signed_spec short_lived = lan_spec();
  short_lived.validity = std::chrono::hours(2);  // ends within a day: not worth keeping
  ASSERT_EQ(make_self_signed(first.cert_file, first.key_file, short_lived), "");
  EXPECT_TRUE(ensure_self_signed(dir.path().string(), lan_spec()).created);
}

TEST(tls_self_signed, an_unwritable_folder_is_one_clear_line) {
  temp_dir dir;
  testing::write_all(dir.file("file"), "x");
  const self_signed made = ensure_self_signed(dir.file("file") + "/sub", lan_spec());
  EXPECT_FALSE(made.created);
  EXPECT_EQ(made.error.rfind("cannot create the data folder " + dir.file("file") + "/sub: ", 0), 0u)
      << made.error;
}

TEST(tls_self_signed, the_local_spec_names_this_host_and_its_addresses) {
  const self_signed_spec s = local_spec();
  EXPECT_FALSE(s.dns_names.empty());
  EXPECT_NE(std::find(s.addresses.begin(), s.addresses.end(), "127.0.0.1"), s.addresses.end());
}

}  // namespace
}  // namespace parley::tls
