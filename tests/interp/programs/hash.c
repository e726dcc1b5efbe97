// 64-bit hashing (FNV-1a mixed with xorshift and rotations) and a CRC-32 table over a
// generated buffer: i64 arithmetic, byte loads and stores, tight loops.
#define SIZE 32768
static unsigned char buffer[SIZE];
static unsigned crc_table[256];

static unsigned long long rotl64(unsigned long long x, int r) { return (x << r) | (x >> (64 - r)); }

__attribute__((export_name("hash"))) unsigned long long hash(unsigned long long key) {
  unsigned long long x = key | 1;
  for (int i = 0; i < SIZE; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    buffer[i] = (unsigned char)(x >> 24);
  }
  for (unsigned n = 0; n < 256; ++n) {
    unsigned c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
  unsigned crc = 0xFFFFFFFFu;
  unsigned long long h = 0xCBF29CE484222325ull;
  for (int i = 0; i < SIZE; ++i) {
    crc = crc_table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
    h = (h ^ buffer[i]) * 0x100000001B3ull;
    h = rotl64(h, 5) + (unsigned long long)i;
  }
  return h ^ ((unsigned long long)~crc << 32);
}
