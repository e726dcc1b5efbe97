/* bench/kernels/state.c: a state machine as in CoreMark's state benchmark: scan a buffer
 * of comma-separated tokens and classify each as integer, float, scientific or invalid,
 * counting states and transitions; then corrupt the input, scan again and restore it. */
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

enum state { kStart, kInvalid, kSign, kInt, kFloat, kExponent, kExpSign, kScientific, kStates };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Scans one token from *p; returns its final state. Counts transitions. */
static enum state next_token(const char **p, uint32_t *transitions) {
  enum state s = kStart;
  const char *q = *p;
  for (; *q && *q != ','; q++) {
    char c = *q;
    enum state before = s;
    switch (s) {
      case kStart:
        if (is_digit(c)) s = kInt;
        else if (c == '+' || c == '-') s = kSign;
        else if (c == '.') s = kFloat;
        else s = kInvalid;
        break;
      case kSign:
        if (is_digit(c)) s = kInt;
        else if (c == '.') s = kFloat;
        else s = kInvalid;
        break;
      case kInt:
        if (c == '.') s = kFloat;
        else if (!is_digit(c)) s = kInvalid;
        break;
      case kFloat:
        if (c == 'E' || c == 'e') s = kExponent;
        else if (!is_digit(c)) s = kInvalid;
        break;
      case kExponent:
        if (c == '+' || c == '-') s = kExpSign;
        else if (is_digit(c)) s = kScientific;
        else s = kInvalid;
        break;
      case kExpSign:
        s = is_digit(c) ? kScientific : kInvalid;
        break;
      case kScientific:
        if (!is_digit(c)) s = kInvalid;
        break;
      default:
        break;
    }
    if (s != before) transitions[s]++;
  }
  *p = *q ? q + 1 : q;
  return s;
}

static const char *const kTokens[] = {
    "5012", "1234", "-874", "+122", "35.54400", ".1234500", "-110.700", "+0.64400",
    "5.500e+3", "-.123e-2", "-87e+832", "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^",
};

uint64_t kernel_state(uint32_t iterations) {
  enum { kTokensInBuffer = 600 };
  size_t cap = kTokensInBuffer * 10 + 1;
  char *buf = malloc(cap);
  size_t len = 0;
  uint32_t seed = 0x1234567u;
  for (int i = 0; i < kTokensInBuffer; i++) {
    const char *t = kTokens[kernel_rand(&seed) % 16];
    size_t n = strlen(t);
    memcpy(buf + len, t, n);
    len += n;
    buf[len++] = ',';
  }
  buf[len] = 0;
  uint64_t checksum = 0;
  uint32_t finals[kStates], transitions[kStates];
  for (uint32_t it = 0; it < iterations; it++) {
    memset(finals, 0, sizeof finals);
    memset(transitions, 0, sizeof transitions);
    for (const char *p = buf; *p;) finals[next_token(&p, transitions)]++;
    /* Corrupt every 7th character (from a moving start), scan, restore. */
    uint32_t step = 7, start = it % step;
    for (size_t i = start; i < len; i += step)
      if (buf[i] != ',') buf[i] ^= (char)(it & 0x3f) | 1;
    for (const char *p = buf; *p;) finals[next_token(&p, transitions)]++;
    for (size_t i = start; i < len; i += step)
      if (buf[i] != ',') buf[i] ^= (char)(it & 0x3f) | 1;
    for (int s = 0; s < kStates; s++) checksum = checksum * 7 + finals[s] + transitions[s];
  }
  free(buf);
  return checksum;
}
