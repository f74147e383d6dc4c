// The C side of aajr: GMP's header plus `static inline` wrappers for the
// function-like macros Swift cannot import. Only the Rational module imports this, as an
// `internal import` (and, outside the library, Rational's tests and the benchmarks' raw-GMP baseline).
#ifndef AAJR_CGMP_SHIM_H
#define AAJR_CGMP_SHIM_H
#include <gmp.h>

static inline mpz_ptr aajr_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr aajr_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline mpz_srcptr aajr_mpq_numref_c(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr aajr_mpq_denref_c(mpq_srcptr q) { return mpq_denref(q); }
static inline int aajr_mpz_sgn(mpz_srcptr z) { return mpz_sgn(z); }
static inline int aajr_mpq_sgn(mpq_srcptr q) { return mpq_sgn(q); }
static inline int aajr_mpz_fits_slong(mpz_srcptr z) { return mpz_fits_slong_p(z); }
static inline int aajr_mpz_odd(mpz_srcptr z) { return mpz_odd_p(z); }

/* A bound on every allocation GMP makes. GMP has no way to report an allocation failure: its
   default handler aborts the process. aajr installs these functions (through Rational only), so
   a number that would exceed the limit, or a failed malloc, ends the process with one plain line
   on stderr and exit status 2 instead of an abort. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static size_t aajr_gmp_limit_bytes = 0;

static inline void aajr_gmp_refuse(size_t n) {
  char msg[320];
  int len = snprintf(msg, sizeof msg,
                     "aajr: exact arithmetic stopped: one number would need %zu bytes (the limit is %zu bytes, "
                     "or memory ran out); the input makes the exact numbers too large\n",
                     n, aajr_gmp_limit_bytes);
  if (len > 0) { ssize_t w = write(2, msg, (size_t)len); (void)w; }
  _exit(2);
}

static inline void *aajr_gmp_allocate(size_t n) {
  if (aajr_gmp_limit_bytes && n > aajr_gmp_limit_bytes) aajr_gmp_refuse(n);
  void *p = malloc(n);
  if (!p) aajr_gmp_refuse(n);
  return p;
}

static inline void *aajr_gmp_reallocate(void *p, size_t old, size_t n) {
  (void)old;
  if (aajr_gmp_limit_bytes && n > aajr_gmp_limit_bytes) aajr_gmp_refuse(n);
  void *q = realloc(p, n);
  if (!q) aajr_gmp_refuse(n);
  return q;
}

static inline void aajr_gmp_free(void *p, size_t n) { (void)n; free(p); }

/* Installs the bounded allocation functions; 0 means no size limit (a failed malloc still ends
   the process with a message rather than GMP's abort). Compatible with GMP's default functions
   (both use malloc/free), so numbers allocated before remain valid. */
static inline void aajr_gmp_install_allocator(size_t limit) {
  aajr_gmp_limit_bytes = limit;
  mp_set_memory_functions(aajr_gmp_allocate, aajr_gmp_reallocate, aajr_gmp_free);
}

#endif
