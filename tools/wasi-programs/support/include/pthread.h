/* pthread.h for single-threaded wasi-libc, which has none: only pthread_once, which jq
 * calls to seed its hash function once. Implemented in ../wasi_support.c. */
#ifndef CELLA_WASI_PTHREAD_H
#define CELLA_WASI_PTHREAD_H

typedef int pthread_once_t;
#define PTHREAD_ONCE_INIT 0
int pthread_once(pthread_once_t *once, void (*init)(void));

#endif
