/* examples/wordcount.c: the example of the README. Counts the lines, words and bytes of
 * every file in the directory `data` (granted read-only), prints a table, and writes it
 * to out/report.txt (granted read-write). Built for wasm32-wasi at build time:
 *   cella run --dir examples/data::data --dir OUT::out:rw build/examples/wordcount.wasm */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Count {
  char name[256];
  long lines, words, bytes;
};

static int by_name(const void* a, const void* b) {
  return strcmp(((const struct Count*)a)->name, ((const struct Count*)b)->name);
}

static int count_file(const char* dir, struct Count* c) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, c->name);
  FILE* f = fopen(path, "r");
  if (!f) return -1;
  int ch, in_word = 0;
  while ((ch = fgetc(f)) != EOF) {
    c->bytes++;
    if (ch == '\n') c->lines++;
    int space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    if (!space && !in_word) c->words++;
    in_word = !space;
  }
  fclose(f);
  return 0;
}

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : "data";
  DIR* d = opendir(dir);
  if (!d) {
    fprintf(stderr, "wordcount: cannot open %s: %s (was it granted with --dir?)\n", dir, strerror(errno));
    return 1;
  }
  struct Count counts[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL && n < 64) {
    if (e->d_type != DT_REG) continue;
    memset(&counts[n], 0, sizeof counts[n]);
    snprintf(counts[n].name, sizeof counts[n].name, "%s", e->d_name);
    if (count_file(dir, &counts[n]) == 0) n++;
  }
  closedir(d);
  qsort(counts, (size_t)n, sizeof counts[0], by_name);

  char report[8192];
  size_t used = 0;
  long lines = 0, words = 0, bytes = 0;
  used += (size_t)snprintf(report + used, sizeof report - used, "%7s %7s %7s  %s\n", "lines", "words", "bytes", "file");
  for (int i = 0; i < n; ++i) {
    used += (size_t)snprintf(report + used, sizeof report - used, "%7ld %7ld %7ld  %s\n", counts[i].lines,
                             counts[i].words, counts[i].bytes, counts[i].name);
    lines += counts[i].lines;
    words += counts[i].words;
    bytes += counts[i].bytes;
  }
  used += (size_t)snprintf(report + used, sizeof report - used, "%7ld %7ld %7ld  total\n", lines, words, bytes);
  fputs(report, stdout);

  FILE* out = fopen("out/report.txt", "w");
  if (!out) {
    fprintf(stderr, "wordcount: cannot write out/report.txt: %s (grant a directory as out with :rw)\n",
            strerror(errno));
    return 1;
  }
  fputs(report, out);
  fclose(out);
  /* The grant is read-only: this must fail. */
  FILE* sneaky = fopen("data/graffiti.txt", "w");
  printf("writing into data/: %s\n", sneaky ? "allowed?!" : strerror(errno));
  printf("report written to out/report.txt\n");
  return 0;
}
