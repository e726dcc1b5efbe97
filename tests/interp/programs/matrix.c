// Double-precision matrix multiply and a Newton square root: float arithmetic,
// conversions and comparisons. Returns the trace as an integer.
#define DIM 24
static double a[DIM][DIM], b[DIM][DIM], c[DIM][DIM];

static double newton_sqrt(double x) {
  double r = x > 1.0 ? x / 2.0 : 1.0;
  for (int i = 0; i < 30; ++i) r = 0.5 * (r + x / r);
  return r;
}

__attribute__((export_name("matrix"))) long long matrix(int scale) {
  for (int i = 0; i < DIM; ++i) {
    for (int j = 0; j < DIM; ++j) {
      a[i][j] = (double)(i * scale + j) / 7.0;
      b[i][j] = newton_sqrt((double)(i + j * scale + 1));
    }
  }
  for (int i = 0; i < DIM; ++i) {
    for (int j = 0; j < DIM; ++j) {
      double sum = 0.0;
      for (int k = 0; k < DIM; ++k) sum += a[i][k] * b[k][j];
      c[i][j] = sum;
    }
  }
  double trace = 0.0;
  for (int i = 0; i < DIM; ++i) trace += c[i][i];
  return (long long)(trace * 1000.0);
}
