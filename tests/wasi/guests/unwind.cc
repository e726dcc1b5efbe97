// tests/wasi/guests/unwind.cc: a C++ program built with clang++ -fwasm-exceptions that
// throws through several frames: destructors of every frame run in order while unwinding,
// catch (...) catches, `throw;` rethrows from a catch block to an outer one, an exception
// thrown and caught inside a destructor-owning loop leaks nothing, and (argument
// "uncaught") an exception nobody catches ends the run with a trap. The exception entry
// points come from tools/wasi-programs/support/cxx_eh.cc.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

char log_text[512];
int live_guards = 0;
int last_code = 0;

void Log(const char* text) {
  strncat(log_text, text, sizeof log_text - strlen(log_text) - 1);
  strncat(log_text, " ", sizeof log_text - strlen(log_text) - 1);
}

struct Guard {
  char name[16];
  explicit Guard(int depth) {
    snprintf(name, sizeof name, "~%d", depth);
    ++live_guards;
  }
  ~Guard() {
    Log(name);
    --live_guards;
  }
};

struct Failure {
  int code;
  char message[32];
};

[[gnu::noinline]] int Descend(int depth, int code) {
  Guard guard(depth);
  if (depth == 0) {
    last_code = code;
    Failure failure{code, {}};
    snprintf(failure.message, sizeof failure.message, "failure %d", code);
    throw failure;
  }
  return Descend(depth - 1, code) + 1;  // never returns normally
}

[[gnu::noinline]] void CatchAndRethrow(int depth) {
  try {
    Descend(depth, 7);
  } catch (...) {
    Log("inner-catch");
    throw;  // the same exception, to the caller's handler
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "uncaught") == 0) {
    puts("throwing with no handler");
    fflush(stdout);
    Descend(3, 99);
    return 0;
  }

  try {
    Descend(4, 42);
    puts("not reached");
  } catch (...) {
    printf("caught code %d after unwinding: %s\n", last_code, log_text);
  }
  log_text[0] = 0;

  try {
    CatchAndRethrow(2);
  } catch (...) {
    printf("rethrown and caught again: %s\n", log_text);
  }
  log_text[0] = 0;

  int caught = 0;
  for (int i = 0; i < 10000; ++i) {
    try {
      Guard guard(i % 7);
      if (i % 3 == 0) throw Failure{i, "loop"};
    } catch (...) {
      ++caught;
    }
  }
  printf("loop: %d caught, %d guards alive\n", caught, live_guards);
  return 0;
}
