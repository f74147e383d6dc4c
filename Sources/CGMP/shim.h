// The C side of aajr: GMP's header plus `static inline` wrappers for the
// function-like macros Swift cannot import. Only the Rational module (and the
// benchmarks' raw-GMP baseline) import this.
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

#endif
