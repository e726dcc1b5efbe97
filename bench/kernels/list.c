/* bench/kernels/list.c: linked-list work as in CoreMark's list benchmark: pointer chasing,
 * find by key, reverse, remove and re-insert, and a bottom-up merge sort on two keys. */
#include <stdlib.h>

#include "kernels.h"

struct node {
  struct node *next;
  int16_t key;
  int16_t value;
};

enum { kNodes = 400 };

static int by_value(const struct node *a, const struct node *b) { return a->value - b->value; }
static int by_key(const struct node *a, const struct node *b) { return a->key - b->key; }

/* Stable bottom-up merge sort of a singly linked list (Simon Tatham's algorithm). */
static struct node *sort_list(struct node *list, int (*cmp)(const struct node *, const struct node *)) {
  if (!list) return list;
  for (int width = 1;; width *= 2) {
    struct node *p = list, *tail = NULL;
    list = NULL;
    int merges = 0;
    while (p) {
      merges++;
      struct node *q = p;
      int psize = 0;
      for (int i = 0; i < width && q; i++) {
        psize++;
        q = q->next;
      }
      int qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        struct node *e;
        if (psize == 0) {
          e = q; q = q->next; qsize--;
        } else if (qsize == 0 || !q || cmp(p, q) <= 0) {
          e = p; p = p->next; psize--;
        } else {
          e = q; q = q->next; qsize--;
        }
        if (tail) tail->next = e; else list = e;
        tail = e;
      }
      p = q;
    }
    tail->next = NULL;
    if (merges <= 1) return list;
  }
}

static struct node *reverse(struct node *list) {
  struct node *prev = NULL;
  while (list) {
    struct node *next = list->next;
    list->next = prev;
    prev = list;
    list = next;
  }
  return prev;
}

static struct node *find(struct node *list, int16_t key) {
  while (list && list->key != key) list = list->next;
  return list;
}

uint64_t kernel_list(uint32_t iterations) {
  struct node *pool = malloc(sizeof(struct node) * kNodes);
  uint32_t seed = 0x2545f491u;
  struct node *list = NULL;
  for (int i = 0; i < kNodes; i++) {
    pool[i].key = (int16_t)(kernel_rand(&seed) & 0x3ff);
    pool[i].value = (int16_t)(kernel_rand(&seed) & 0x7fff);
    pool[i].next = list;
    list = &pool[i];
  }
  uint64_t checksum = 0;
  uint32_t crc = 0;
  for (uint32_t it = 0; it < iterations; it++) {
    /* Look up a few keys; move each found node to the front. */
    int found = 0, missed = 0;
    for (int i = 0; i < 16; i++) {
      int16_t key = (int16_t)((it * 37 + (uint32_t)i * 101) & 0x3ff);
      struct node *n = find(list, key);
      if (n) {
        found++;
        n->value = (int16_t)((n->value ^ (int16_t)it) & 0x7fff);
        if (n != list) {
          struct node *prev = list;
          while (prev->next != n) prev = prev->next;
          prev->next = n->next;
          n->next = list;
          list = n;
        }
      } else {
        missed++;
      }
    }
    list = reverse(list);
    list = sort_list(list, by_value);
    for (struct node *n = list; n; n = n->next) {
      uint8_t bytes[2] = {(uint8_t)n->value, (uint8_t)(n->value >> 8)};
      crc = crc32_update(crc, bytes, 2);
    }
    list = sort_list(list, by_key);
    /* Remove the second node and put it back at the end. */
    struct node *removed = list->next;
    list->next = removed->next;
    struct node *last = list;
    while (last->next) last = last->next;
    last->next = removed;
    removed->next = NULL;
    checksum = checksum * 31 + (uint64_t)(found * 1000 + missed) + crc;
  }
  free(pool);
  return checksum ^ crc;
}
