/*
 * parse.h - the KQL parser: query text -> the syntax tree of ast.h (statements, tabular
 * expressions, scalar expressions). Syntax only: names, types and supported features are the
 * binder's business.
 */
#ifndef KQ_PARSE_H
#define KQ_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "../../include/kq.h"
#include "../base/arena.h"
#include "ast.h"

/* Parses the whole query. Returns the A_QUERY root (all nodes in arena a), or NULL with err
 * filled (code KQ_ERR_QUERY, message and line:col of the offending token). */
kq_ast *kq_parse(const char *text, size_t len, kq_arena *a, kq_error *err);

/* True when text, put inside parentheses, stays one expression: its brackets balance and never
 * close one it did not open, and no '|' or ';' stands outside them. Otherwise false with err
 * filled (KQ_ERR_QUERY, line:col within text). Says nothing of whether the expression is valid. */
bool kq_parse_closed_expression(const char *text, size_t len, kq_error *err);

/* kq_parse_closed_expression, then the syntax of text as the predicate of a where: false with
 * err filled (line:col within text) on the first error. Names and types are not checked. */
bool kq_parse_predicate(const char *text, size_t len, kq_error *err);

#endif
