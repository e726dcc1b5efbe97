// Quicksort and insertion sort of pseudo-random data in linear memory; returns a checksum
// and leaves the sorted array in memory.
#define N 4000
static unsigned data[N];
static unsigned seed;

static unsigned next_random(void) {
  seed = seed * 1103515245u + 12345u;
  return seed >> 4;
}

static void insertion_sort(unsigned* a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; ++i) {
    unsigned v = a[i];
    int j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      --j;
    }
    a[j + 1] = v;
  }
}

static void quicksort(unsigned* a, int lo, int hi) {
  while (hi - lo > 12) {
    unsigned pivot = a[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        unsigned t = a[i];
        a[i] = a[j];
        a[j] = t;
        ++i;
        --j;
      }
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
  insertion_sort(a, lo, hi);
}

__attribute__((export_name("sort"))) unsigned sort(unsigned start_seed) {
  seed = start_seed;
  for (int i = 0; i < N; ++i) data[i] = next_random();
  quicksort(data, 0, N - 1);
  unsigned checksum = 0;
  for (int i = 0; i < N; ++i) {
    if (i > 0 && data[i - 1] > data[i]) return 0;  // not sorted
    checksum = checksum * 31u + data[i];
  }
  return checksum;
}
