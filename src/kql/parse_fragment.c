/*
 * parse_fragment.c - checks on pieces of KQL that other text wraps: a predicate that goes inside
 * "where not(...)" must be one expression, so that it cannot close the wrapper's parenthesis and
 * add terms of its own, nor end the operator with '|' or the statement with ';'; and its syntax
 * errors are told at its own positions, not at the wrapper's brackets.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "../base/error.h"
#include "parse_int.h"

bool kq_parse_closed_expression(const char *text, size_t len, kq_error *err)
{
    kq_arena arena;
    kq_arena_init(&arena, 4096);
    kq_token *toks;
    int ntoks;
    bool ok = kq_lex(text, len, &arena, &toks, &ntoks, err);
    int depth = 0;
    int open_at[KQ_PARSE_MAX_DEPTH]; /* where each bracket still open starts */
    for (int i = 0; ok && i < ntoks && toks[i].kind != T_EOF; i++) {
        const kq_token *t = &toks[i];
        switch (t->kind) {
        case T_LPAREN:
        case T_LBRACKET:
        case T_LBRACE:
            if (depth < KQ_PARSE_MAX_DEPTH) open_at[depth] = t->start;
            depth++;
            break;
        case T_RPAREN:
        case T_RBRACKET:
        case T_RBRACE:
            if (--depth < 0) {
                kq_error_at(err, KQ_ERR_QUERY, text, len, t->start, t->end,
                            "'%c' closes a bracket that the predicate did not open", text[t->start]);
                ok = false;
            }
            break;
        case T_PIPE:
        case T_SEMI:
            if (depth == 0) {
                kq_error_at(err, KQ_ERR_QUERY, text, len, t->start, t->end,
                            "'%c' ends the predicate: a predicate is one expression, not operators or statements",
                            text[t->start]);
                ok = false;
            }
            break;
        default: break;
        }
    }
    if (ok && depth > 0) {
        int at = open_at[depth <= KQ_PARSE_MAX_DEPTH ? depth - 1 : KQ_PARSE_MAX_DEPTH - 1];
        kq_error_at(err, KQ_ERR_QUERY, text, len, at, at + 1, "'%c' is never closed", text[at]);
        ok = false;
    }
    kq_arena_free(&arena);
    return ok;
}

bool kq_parse_predicate(const char *text, size_t len, kq_error *err)
{
    if (!kq_parse_closed_expression(text, len, err)) return false;
    static const char prefix[] = "T | where ";
    size_t plen = sizeof prefix - 1;
    char *query = kq_xmalloc(plen + len + 1);
    memcpy(query, prefix, plen);
    memcpy(query + plen, text, len);
    query[plen + len] = 0;
    kq_arena arena;
    kq_arena_init(&arena, 4096);
    bool ok = kq_parse(query, plen + len, &arena, err) != NULL;
    if (!ok && err->line == 1) { /* positions in the predicate, not in the query around it */
        err->col = err->col > (int)plen ? err->col - (int)plen : 1;
        if (err->end_col) err->end_col = err->end_col > (int)plen ? err->end_col - (int)plen : 1;
    }
    kq_arena_free(&arena);
    free(query);
    return ok;
}
