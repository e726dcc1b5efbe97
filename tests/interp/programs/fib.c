// Recursive Fibonacci: deep call trees, many frames pushed and popped.
__attribute__((export_name("fib"))) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
