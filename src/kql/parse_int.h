/*
 * parse_int.h - internals shared by the KQL lexer and the parser files (lex.c, parse.c,
 * parse_ops.c, parse_expr.c, parse_literal.c): the token record, the token stream and the
 * parser state with its helpers. Not for use outside src/kql/parse*.c and lex.c.
 */
#ifndef KQ_PARSE_INT_H
#define KQ_PARSE_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../include/kq.h"
#include "../base/arena.h"
#include "ast.h"
#include "lex.h"

/* Nesting deeper than this (parentheses, unary chains, dynamic literals) is an error. */
#define KQ_PARSE_MAX_DEPTH 256
/* Trees deeper than this (nesting plus chains like a + b + c ..., a.b.c ...) are an error, so
 * that whoever walks the tree recursively has a bound too. */
#define KQ_PARSE_MAX_TREE_DEPTH 20000

typedef struct kq_token {
    kq_tok kind;
    int start, end;      /* byte span in the query text */
    const char *text;    /* T_IDENT: the name (unquoted); T_STRING: the value; NUL-terminated */
    size_t len;          /* length of text in bytes */
    int64_t i;           /* T_LONG value, T_TIMESPAN ticks */
    double r;            /* T_REAL value */
    bool bracketed;      /* T_IDENT written as ['name'] or ["name"] */
    bool spaced;         /* whitespace or a comment precedes this token */
    int raw_start;       /* typed literal head like datetime(...): span of the text inside the */
    int raw_end;         /* parentheses; raw_start < 0 for every other token */
} kq_token;

/* Splits text into tokens (ending with one T_EOF). On a lexical error fills err
 * (KQ_ERR_QUERY, with the span) and returns false. */
bool kq_lex(const char *text, size_t len, kq_arena *a, kq_token **toks, int *ntoks, kq_error *err);

typedef struct kq_parser {
    const char *text;
    size_t len;
    kq_arena *arena;
    kq_error *err;
    kq_token *toks;
    int ntoks;
    int pos;             /* index of the current token */
    int depth;           /* current nesting, capped at KQ_PARSE_MAX_DEPTH */
    int tree_depth;      /* depth of the tree being built, capped at KQ_PARSE_MAX_TREE_DEPTH */
    jmp_buf fail;        /* longjmp target once err is filled */
} kq_parser;

/* A growable list of nodes that lives in the arena (for kids while they are collected). */
typedef struct kq_node_list {
    kq_ast **items;
    int n, cap;
} kq_node_list;

void kq_list_push(kq_parser *p, kq_node_list *l, kq_ast *node);

/* ---- token access ---- */
const kq_token *kq_p_tok(const kq_parser *p);             /* current token */
const kq_token *kq_p_peek(const kq_parser *p, int ahead); /* token ahead of the current one */
const kq_token *kq_p_next(kq_parser *p);                  /* consumes and returns the current */
bool kq_p_is(const kq_parser *p, kq_tok kind);
bool kq_p_accept(kq_parser *p, kq_tok kind);
const kq_token *kq_p_expect(kq_parser *p, kq_tok kind);
/* The current token is the unbracketed identifier word (case-sensitive). */
bool kq_p_is_word(const kq_parser *p, const char *word);
bool kq_p_is_word_at(const kq_parser *p, int ahead, const char *word);
bool kq_p_accept_word(kq_parser *p, const char *word);
void kq_p_expect_word(kq_parser *p, const char *word);
/* An identifier (bracketed or not); returns its name in the arena. */
const char *kq_p_expect_name(kq_parser *p);

/* ---- errors (never return) ---- */
_Noreturn void kq_p_fail_at(kq_parser *p, int start, int end, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "expected WHAT but found 'tok'" at the current token */
_Noreturn void kq_p_fail_expected(kq_parser *p, const char *what);

void kq_p_enter(kq_parser *p); /* depth + 1, error when too deep */
void kq_p_leave(kq_parser *p);
/* One more level of a left-deep chain (a + b + c, a.b.c): tree depth + 1, error when too
 * deep; the caller gives the levels back with kq_p_shrink when the chain ends. */
void kq_p_grow(kq_parser *p);
void kq_p_shrink(kq_parser *p, int levels);

/* ---- nodes ---- */
kq_ast *kq_p_node(kq_parser *p, kq_ast_kind kind, int start);
void kq_p_finish(kq_parser *p, kq_ast *n);       /* sets end to the last consumed token */
void kq_p_set_kids(kq_parser *p, kq_ast *n, const kq_node_list *l);
void kq_p_set_kids2(kq_parser *p, kq_ast *n, const kq_node_list *l);

/* ---- grammar entry points shared between files ---- */
/* A statement-level expression: tabular (a source with | operators, datatable, print, ...)
 * or scalar. */
kq_ast *kq_p_any_expr(kq_parser *p);
/* A tabular expression; a bare name becomes A_TABLE. */
kq_ast *kq_p_tabular(kq_parser *p);
/* Converts an expression parsed as scalar into a tabular source (A_NAME -> A_TABLE ...),
 * or fails at its span. */
kq_ast *kq_p_as_source(kq_parser *p, kq_ast *e);
bool kq_p_is_tabular_node(const kq_ast *n);
kq_ast *kq_p_operator(kq_parser *p);
/* Tabular sources that start with a keyword (datatable, print, range, union, ...), or NULL. */
kq_ast *kq_p_keyword_source(kq_parser *p);
/* Operator parameters kind=..., withsource=..., hint.*=... : the words allowed besides hint.*
 * (NULL-terminated); stored in op's params. */
void kq_p_params(kq_parser *p, kq_ast *op, const char *const *allowed);
/* union's parameters and legs (T1, (subquery), Pattern*) into n's params and kids. */
void kq_p_union_legs(kq_parser *p, kq_ast *n);
/* Skips balanced tokens up to the next top-level '|' or ';' (or a closing bracket). */
void kq_p_skip_operator_rest(kq_parser *p);

kq_ast *kq_p_expr(kq_parser *p);            /* a full scalar expression */
kq_ast *kq_p_arg(kq_parser *p);             /* an argument: scalar, '*', or tabular (A_SUBQUERY) */
kq_ast *kq_p_assign_or_expr(kq_parser *p);  /* Name = expr | (a, b) = expr | expr */
void kq_p_expr_list(kq_parser *p, kq_node_list *out); /* assign_or_expr, comma separated */
/* A name or a wildcard pattern like Foo*, *Bar, a*b (A_NAME or A_WILDCARD). */
kq_ast *kq_p_name_or_wildcard(kq_parser *p);

/* Literals: the current token is a typed literal head (datetime(...), ...), dynamic(, typeof(
 * or true/false; returns the A_LITERAL / A_TYPEOF node or NULL when it is none of them. */
kq_ast *kq_p_literal(kq_parser *p);
/* A type name (string, long, ...) -> kq_type; fails on an unknown or unsupported one. */
kq_type kq_p_type_name(kq_parser *p);

#endif
