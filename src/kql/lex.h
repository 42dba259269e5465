/*
 * lex.h - the KQL lexer: query text -> tokens with byte spans (KQL_SUBSET.md section 1).
 * The token kinds of operators are also what A_BINARY/A_IN/A_BETWEEN nodes carry in 'op'.
 */
#ifndef KQ_LEX_H
#define KQ_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "../../include/kq.h"
#include "../base/arena.h"

typedef enum kq_tok {
    T_EOF = 0,
    T_ERROR,      /* a lexical error; the lexer's message says what */
    T_IDENT,      /* identifier, or a bracketed ['quoted'] name (text = unquoted name) */
    T_STRING,     /* string literal(s), adjacent ones already concatenated; text = value */
    T_LONG,       /* integer literal (decimal or 0x hex) */
    T_REAL,       /* real literal */
    T_TIMESPAN,   /* 1d, 2h, 30m, 10s, 100ms, 1.5h, 1tick ... value in ticks */
    /* punctuation */
    T_LPAREN, T_RPAREN, T_LBRACKET, T_RBRACKET, T_LBRACE, T_RBRACE, T_COMMA, T_SEMI, T_PIPE,
    T_DOT, T_DOTDOT, T_COLON, T_ASSIGN /* = */, T_ARROW /* => */,
    /* arithmetic and comparison */
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
    T_EQ /* == */, T_NE /* != and <> */, T_LT, T_LE, T_GT, T_GE,
    T_EQ_CI /* =~ */, T_NE_CI /* !~ */,
    /* word operators (recognised by the parser from identifiers; used as 'op' in the tree) */
    T_AND, T_OR,
    T_HAS, T_NOT_HAS, T_HAS_CS, T_NOT_HAS_CS,
    T_HASPREFIX, T_NOT_HASPREFIX, T_HASPREFIX_CS, T_NOT_HASPREFIX_CS,
    T_HASSUFFIX, T_NOT_HASSUFFIX, T_HASSUFFIX_CS, T_NOT_HASSUFFIX_CS,
    T_CONTAINS, T_NOT_CONTAINS, T_CONTAINS_CS, T_NOT_CONTAINS_CS,
    T_STARTSWITH, T_NOT_STARTSWITH, T_STARTSWITH_CS, T_NOT_STARTSWITH_CS,
    T_ENDSWITH, T_NOT_ENDSWITH, T_ENDSWITH_CS, T_NOT_ENDSWITH_CS,
    T_MATCHES_REGEX,
    T_IN, T_NOT_IN, T_IN_CI, T_NOT_IN_CI, T_HAS_ANY, T_HAS_ALL,
    T_BETWEEN, T_NOT_BETWEEN,
    T_LIKE, T_NOT_LIKE, T_LIKE_CS, T_NOT_LIKE_CS, /* legacy spellings, rejected by name */
    T__COUNT
} kq_tok;

/* The source text of an operator token kind ("has", "!contains_cs", "==", ...). */
const char *kq_tok_text(kq_tok t);

#endif
