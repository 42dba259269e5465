/*
 * ast_dump.h - a compact S-expression rendering of a syntax tree, for tests and debugging:
 * (pipe (table T) (where (== a 1))) ...
 */
#ifndef KQ_AST_DUMP_H
#define KQ_AST_DUMP_H

#include "../base/buf.h"
#include "ast.h"

/* Appends the S-expression of n (and its subtree) to out. */
void kq_ast_dump(const kq_ast *n, kq_buf *out);

#endif
