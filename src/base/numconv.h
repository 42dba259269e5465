/*
 * numconv.h - text <-> number conversions with Kusto's rules (KQL_SUBSET.md 2.5, 8.1):
 * tolong/toint/todouble/tobool of strings, and the canonical text of a real.
 */
#ifndef KQ_NUMCONV_H
#define KQ_NUMCONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* tolong(string): optional surrounding whitespace, optional +/-, decimal digits or 0x hex.
 * No decimal point, exponent or separators. false on failure or overflow. */
bool kq_parse_long(const char *s, size_t n, int64_t *out);
/* toint(string): as kq_parse_long but must fit in int32. */
bool kq_parse_int(const char *s, size_t n, int32_t *out);
/* todouble(string): decimal and exponent forms ("1e3", "5.", "-0.5"), "nan", "inf", "+inf",
 * "-inf", "Infinity", "-Infinity", "NaN" (case-insensitive); surrounding whitespace. No hex. */
bool kq_parse_real(const char *s, size_t n, double *out);
/* tobool(string): true/false case-insensitive (trimmed) or an integer text (non-zero = true). */
bool kq_parse_bool(const char *s, size_t n, bool *out);

/* Canonical text of a real: shortest text that round-trips ("1.5", "0.1", "1e+20" as Kusto:
 * see below), integral values without ".0" ("5"), "NaN", "Infinity", "-Infinity".
 * Large/small magnitudes: use the exponent form "1E+20" as .NET "R" does ("1E+20", "1E-07").
 * Returns the length; buf >= 32 bytes. */
size_t kq_real_format(double r, char *buf);

#endif
