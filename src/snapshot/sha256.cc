// snapshot/sha256.cc: SHA-256 through OpenSSL's EVP interface.
#include "snapshot/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace cella::snapshot {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
};

namespace {

// SHA-256 fetched from OpenSSL's provider once: initializing with EVP_sha256() looks the
// algorithm up again every time, which costs more than hashing a tree node.
const EVP_MD* Algorithm() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

}  // namespace

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  ctx_->md = EVP_MD_CTX_new();
  if (ctx_->md == nullptr || EVP_DigestInit_ex(ctx_->md, Algorithm(), nullptr) != 1) std::abort();
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_->md); }

Sha256& Sha256::Update(std::span<const uint8_t> bytes) {
  if (!bytes.empty() && EVP_DigestUpdate(ctx_->md, bytes.data(), bytes.size()) != 1) std::abort();
  return *this;
}

Sha256& Sha256::Update(std::string_view text) {
  return Update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Sha256& Sha256::U32(uint32_t v) {
  uint8_t b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<uint8_t>(v >> (8 * i));
  return Update(std::span<const uint8_t>(b, 4));
}

Sha256& Sha256::U64(uint64_t v) {
  uint8_t b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(v >> (8 * i));
  return Update(std::span<const uint8_t>(b, 8));
}

Hash Sha256::Finish() {
  Hash out{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx_->md, out.data(), &length) != 1 || length != out.size()) std::abort();
  if (EVP_DigestInit_ex(ctx_->md, Algorithm(), nullptr) != 1) std::abort();  // reusable
  return out;
}

Hash Sha256Of(std::span<const uint8_t> bytes) { return Sha256().Update(bytes).Finish(); }

std::string HashHex(const Hash& hash) {
  std::string out;
  char buf[3];
  for (uint8_t b : hash) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

}  // namespace cella::snapshot
