/*
 * parse_expr.c - scalar expressions with the precedence of KQL_SUBSET.md 5.1 (highest first:
 * primary, unary -/+, string operators, * / %, + -, < <= > >=, == != in between, and, or;
 * the string, relational and equality levels are non-associative), calls with named
 * arguments, member and index access, in/has_any lists and between ranges, assignments and
 * wildcard names.
 */
#include <string.h>

#include "parse_int.h"

/* Word operators of the string level written as identifiers (legacy spellings included). */
static const struct {
    const char *word;
    kq_tok kind;
} string_words[] = {
    {"has", T_HAS}, {"has_cs", T_HAS_CS}, {"hasprefix", T_HASPREFIX},
    {"hasprefix_cs", T_HASPREFIX_CS}, {"hassuffix", T_HASSUFFIX},
    {"hassuffix_cs", T_HASSUFFIX_CS}, {"contains", T_CONTAINS}, {"contains_cs", T_CONTAINS_CS},
    {"containscs", T_CONTAINS_CS}, {"notcontains", T_NOT_CONTAINS},
    {"notcontainscs", T_NOT_CONTAINS_CS}, {"startswith", T_STARTSWITH},
    {"startswith_cs", T_STARTSWITH_CS}, {"endswith", T_ENDSWITH},
    {"endswith_cs", T_ENDSWITH_CS}, {"like", T_LIKE}, {"notlike", T_NOT_LIKE},
    {"likecs", T_LIKE_CS}, {"notlikecs", T_NOT_LIKE_CS},
};

static bool is_negated_string_op(kq_tok k)
{
    switch (k) {
    case T_NOT_HAS: case T_NOT_HAS_CS: case T_NOT_HASPREFIX: case T_NOT_HASPREFIX_CS:
    case T_NOT_HASSUFFIX: case T_NOT_HASSUFFIX_CS: case T_NOT_CONTAINS: case T_NOT_CONTAINS_CS:
    case T_NOT_STARTSWITH: case T_NOT_STARTSWITH_CS: case T_NOT_ENDSWITH:
    case T_NOT_ENDSWITH_CS: case T_EQ_CI: case T_NE_CI:
        return true;
    default:
        return false;
    }
}

/* The string-level operator at the current token (consuming nothing), or T_EOF; *ntoks = how
 * many tokens it spans. */
static kq_tok string_op(const kq_parser *p, int *ntoks)
{
    const kq_token *t = kq_p_tok(p);
    *ntoks = 1;
    if (is_negated_string_op(t->kind)) return t->kind;
    if (t->kind != T_IDENT || t->bracketed || t->raw_start >= 0) return T_EOF;
    for (size_t i = 0; i < sizeof string_words / sizeof string_words[0]; i++)
        if (strcmp(t->text, string_words[i].word) == 0) return string_words[i].kind;
    if (strcmp(t->text, "matches") == 0 && kq_p_is_word_at(p, 1, "regex")) {
        *ntoks = 2;
        return T_MATCHES_REGEX;
    }
    return T_EOF;
}

/* The equality-level operator at the current token, or T_EOF. */
static kq_tok equality_op(const kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    switch (t->kind) {
    case T_EQ: case T_NE: case T_ASSIGN: case T_IN_CI: case T_NOT_IN: case T_NOT_IN_CI: case T_NOT_BETWEEN:
        return t->kind;
    default:
        break;
    }
    if (kq_p_is_word(p, "in")) return T_IN;
    if (kq_p_is_word(p, "has_any")) return T_HAS_ANY;
    if (kq_p_is_word(p, "has_all")) return T_HAS_ALL;
    if (kq_p_is_word(p, "between")) return T_BETWEEN;
    return T_EOF;
}

static kq_ast *binary(kq_parser *p, kq_tok op, kq_ast *left, kq_ast *right)
{
    kq_ast *n = kq_p_node(p, A_BINARY, left->start);
    n->op = op;
    n->a = left;
    n->b = right;
    kq_p_finish(p, n);
    return n;
}

kq_ast *kq_p_arg(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    kq_tok next = kq_p_peek(p, 1)->kind;
    if (t->kind == T_STAR && (next == T_RPAREN || next == T_COMMA)) {
        kq_ast *star = kq_p_node(p, A_STAR, t->start);
        kq_p_next(p);
        kq_p_finish(p, star);
        return star;
    }
    kq_ast *e = kq_p_any_expr(p);
    if (kq_p_is_tabular_node(e) && e->kind != A_SUBQUERY) {
        kq_ast *sub = kq_p_node(p, A_SUBQUERY, e->start);
        sub->a = e;
        sub->end = e->end;
        return sub;
    }
    return e;
}

/* f(args): the name was consumed; the current token is '('. */
static kq_ast *call(kq_parser *p, const kq_token *name)
{
    kq_ast *n = kq_p_node(p, A_CALL, name->start);
    n->name = name->text;
    if (name->bracketed) n->flags |= F_QUOTED;
    kq_p_expect(p, T_LPAREN);
    kq_node_list args = {0};
    if (!kq_p_is(p, T_RPAREN)) {
        do {
            const kq_token *t = kq_p_tok(p);
            if (t->kind == T_IDENT && t->raw_start < 0 && kq_p_peek(p, 1)->kind == T_ASSIGN) {
                kq_ast *named = kq_p_node(p, A_NAMEDARG, t->start);
                named->name = kq_p_next(p)->text;
                kq_p_next(p);
                named->a = kq_p_arg(p);
                kq_p_finish(p, named);
                kq_list_push(p, &args, named);
            } else {
                kq_list_push(p, &args, kq_p_arg(p));
            }
        } while (kq_p_accept(p, T_COMMA));
    }
    kq_p_expect(p, T_RPAREN);
    kq_p_set_kids(p, n, &args);
    kq_p_finish(p, n);
    return n;
}

/* ( expr ) or ( tabular expr ) */
static kq_ast *parenthesised(kq_parser *p)
{
    int start = kq_p_next(p)->start;
    kq_ast *inner = kq_p_any_expr(p);
    kq_p_expect(p, T_RPAREN);
    kq_ast *n = kq_p_node(p, kq_p_is_tabular_node(inner) ? A_SUBQUERY : A_PAREN, start);
    n->a = inner;
    kq_p_finish(p, n);
    return n;
}

static kq_ast *primary(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    kq_ast *n;
    switch (t->kind) {
    case T_STRING:
        n = kq_p_node(p, A_LITERAL, t->start);
        n->lit.type = KQ_T_STRING;
        n->lit.u.s = t->text;
        n->lit.len = (uint32_t)t->len;
        break;
    case T_LONG:
        n = kq_p_node(p, A_LITERAL, t->start);
        n->lit.type = KQ_T_LONG;
        n->lit.u.i = t->i;
        break;
    case T_REAL:
        n = kq_p_node(p, A_LITERAL, t->start);
        n->lit.type = KQ_T_REAL;
        n->lit.u.r = t->r;
        break;
    case T_TIMESPAN:
        n = kq_p_node(p, A_LITERAL, t->start);
        n->lit.type = KQ_T_TIMESPAN;
        n->lit.u.i = t->i;
        break;
    case T_STAR:
        n = kq_p_node(p, A_STAR, t->start);
        break;
    case T_LPAREN:
        return parenthesised(p);
    case T_IDENT: {
        kq_ast *lit = kq_p_literal(p);
        if (lit) return lit;
        if (kq_p_peek(p, 1)->kind == T_LPAREN) {
            kq_p_next(p);
            return call(p, t);
        }
        n = kq_p_node(p, A_NAME, t->start);
        n->name = t->text;
        if (t->bracketed) n->flags |= F_QUOTED;
        break;
    }
    default:
        kq_p_fail_expected(p, "an expression");
    }
    kq_p_next(p);
    kq_p_finish(p, n);
    return n;
}

static kq_ast *postfix(kq_parser *p)
{
    kq_ast *e = primary(p);
    int levels = 0;
    for (;; levels++) {
        kq_p_grow(p);
        const kq_token *t = kq_p_tok(p);
        if (t->kind == T_DOT) {
            kq_p_next(p);
            const kq_token *m = kq_p_tok(p);
            if (m->kind == T_IDENT && m->bracketed) {
                /* x.['key'] is the same as x['key'] */
                kq_ast *n = kq_p_node(p, A_INDEX, e->start);
                kq_ast *key = kq_p_node(p, A_LITERAL, m->start);
                key->lit.type = KQ_T_STRING;
                key->lit.u.s = m->text;
                key->lit.len = (uint32_t)m->len;
                kq_p_next(p);
                kq_p_finish(p, key);
                n->a = e;
                n->b = key;
                kq_p_finish(p, n);
                e = n;
                continue;
            }
            if (m->kind == T_LBRACKET) continue; /* x.[0] is the same as x[0] */
            if (m->kind != T_IDENT) kq_p_fail_expected(p, "a member name after '.'");
            kq_ast *n = kq_p_node(p, A_MEMBER, e->start);
            n->a = e;
            n->name = m->text;
            kq_p_next(p);
            kq_p_finish(p, n);
            e = n;
        } else if (t->kind == T_LBRACKET) {
            kq_p_next(p);
            kq_ast *n = kq_p_node(p, A_INDEX, e->start);
            n->a = e;
            n->b = kq_p_expr(p);
            kq_p_expect(p, T_RBRACKET);
            kq_p_finish(p, n);
            e = n;
        } else if (t->kind == T_IDENT && t->bracketed) {
            /* x['key'] lexes as x followed by the bracketed name 'key' */
            kq_ast *n = kq_p_node(p, A_INDEX, e->start);
            kq_ast *key = kq_p_node(p, A_LITERAL, t->start + 1);
            key->lit.type = KQ_T_STRING;
            key->lit.u.s = t->text;
            key->lit.len = (uint32_t)t->len;
            key->end = t->end - 1;
            kq_p_next(p);
            n->a = e;
            n->b = key;
            kq_p_finish(p, n);
            e = n;
        } else {
            kq_p_shrink(p, levels + 1);
            return e;
        }
    }
}

static kq_ast *unary(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    if (t->kind != T_MINUS && t->kind != T_PLUS) return postfix(p);
    kq_p_enter(p);
    kq_ast *n = kq_p_node(p, A_UNARY, t->start);
    n->op = t->kind;
    kq_p_next(p);
    n->a = unary(p);
    kq_p_finish(p, n);
    kq_p_leave(p);
    return n;
}

static kq_ast *string_level(kq_parser *p)
{
    kq_ast *left = unary(p);
    int ntoks;
    kq_tok op = string_op(p, &ntoks);
    if (op == T_EOF) return left;
    while (ntoks--) kq_p_next(p);
    return binary(p, op, left, unary(p));
}

static kq_ast *multiplicative(kq_parser *p)
{
    kq_ast *left = string_level(p);
    for (int levels = 0;; levels++) {
        kq_tok k = kq_p_tok(p)->kind;
        if (k != T_STAR && k != T_SLASH && k != T_PERCENT) {
            kq_p_shrink(p, levels);
            return left;
        }
        kq_p_next(p);
        kq_p_grow(p);
        left = binary(p, k, left, string_level(p));
    }
}

static kq_ast *additive(kq_parser *p)
{
    kq_ast *left = multiplicative(p);
    for (int levels = 0;; levels++) {
        kq_tok k = kq_p_tok(p)->kind;
        if (k != T_PLUS && k != T_MINUS) {
            kq_p_shrink(p, levels);
            return left;
        }
        kq_p_next(p);
        kq_p_grow(p);
        left = binary(p, k, left, multiplicative(p));
    }
}

static kq_ast *relational(kq_parser *p)
{
    kq_ast *left = additive(p);
    kq_tok k = kq_p_tok(p)->kind;
    if (k != T_LT && k != T_LE && k != T_GT && k != T_GE) return left;
    kq_p_next(p);
    return binary(p, k, left, additive(p));
}

/* x in (a, b, T | project c) ... */
static kq_ast *in_list(kq_parser *p, kq_tok op, kq_ast *left)
{
    kq_ast *n = kq_p_node(p, A_IN, left->start);
    n->op = op;
    n->a = left;
    kq_p_expect(p, T_LPAREN);
    kq_node_list items = {0};
    if (!kq_p_is(p, T_RPAREN)) {
        do kq_list_push(p, &items, kq_p_arg(p));
        while (kq_p_accept(p, T_COMMA));
    }
    kq_p_expect(p, T_RPAREN);
    kq_p_set_kids(p, n, &items);
    kq_p_finish(p, n);
    return n;
}

/* x between (lo .. hi) */
static kq_ast *between(kq_parser *p, kq_tok op, kq_ast *left)
{
    kq_ast *n = kq_p_node(p, A_BETWEEN, left->start);
    n->op = op;
    n->a = left;
    kq_p_expect(p, T_LPAREN);
    n->b = kq_p_expr(p);
    kq_p_expect(p, T_DOTDOT);
    n->c = kq_p_expr(p);
    kq_p_expect(p, T_RPAREN);
    kq_p_finish(p, n);
    return n;
}

static kq_ast *equality(kq_parser *p)
{
    kq_ast *left = relational(p);
    kq_tok op = equality_op(p);
    if (op == T_EOF) return left;
    kq_p_next(p);
    switch (op) {
    case T_EQ: case T_NE: case T_ASSIGN: /* 'where a = b' is valid syntax; the binder decides */
        return binary(p, op, left, relational(p));
    case T_BETWEEN: case T_NOT_BETWEEN:
        return between(p, op, left);
    default:
        return in_list(p, op, left);
    }
}

static kq_ast *conjunction(kq_parser *p)
{
    kq_ast *left = equality(p);
    int levels = 0;
    for (; kq_p_is_word(p, "and"); levels++) {
        kq_p_next(p);
        kq_p_grow(p);
        left = binary(p, T_AND, left, equality(p));
    }
    kq_p_shrink(p, levels);
    return left;
}

kq_ast *kq_p_expr(kq_parser *p)
{
    kq_p_enter(p);
    kq_ast *left = conjunction(p);
    int levels = 0;
    for (; kq_p_is_word(p, "or"); levels++) {
        kq_p_next(p);
        kq_p_grow(p);
        left = binary(p, T_OR, left, conjunction(p));
    }
    kq_p_shrink(p, levels);
    kq_p_leave(p);
    return left;
}

/* (a, b, c) = ... : is the current '(' the start of a tuple of names followed by '='? */
static int tuple_target_len(const kq_parser *p)
{
    if (!kq_p_is(p, T_LPAREN)) return 0;
    int k = 1;
    for (;;) {
        const kq_token *t = kq_p_peek(p, k);
        if (t->kind != T_IDENT || t->raw_start >= 0) return 0;
        k++;
        kq_tok next = kq_p_peek(p, k)->kind;
        if (next == T_RPAREN) break;
        if (next != T_COMMA) return 0;
        k++;
    }
    return kq_p_peek(p, k + 1)->kind == T_ASSIGN ? k + 1 : 0;
}

kq_ast *kq_p_assign_or_expr(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    if (t->kind == T_IDENT && t->raw_start < 0 && kq_p_peek(p, 1)->kind == T_ASSIGN) {
        kq_ast *n = kq_p_node(p, A_ASSIGN, t->start);
        n->name = t->text;
        if (t->bracketed) n->flags |= F_QUOTED;
        kq_p_next(p);
        kq_p_next(p);
        n->a = kq_p_expr(p);
        kq_p_finish(p, n);
        return n;
    }
    if (tuple_target_len(p)) {
        kq_ast *n = kq_p_node(p, A_ASSIGN, t->start);
        kq_node_list names = {0};
        kq_p_next(p);
        do {
            const kq_token *nt = kq_p_tok(p);
            kq_ast *name = kq_p_node(p, A_NAME, nt->start);
            name->name = kq_p_expect_name(p);
            if (nt->bracketed) name->flags |= F_QUOTED;
            kq_p_finish(p, name);
            kq_list_push(p, &names, name);
        } while (kq_p_accept(p, T_COMMA));
        kq_p_expect(p, T_RPAREN);
        kq_p_expect(p, T_ASSIGN);
        kq_p_set_kids(p, n, &names);
        n->a = kq_p_expr(p);
        kq_p_finish(p, n);
        return n;
    }
    return kq_p_expr(p);
}

void kq_p_expr_list(kq_parser *p, kq_node_list *out)
{
    do kq_list_push(p, out, kq_p_assign_or_expr(p));
    while (kq_p_accept(p, T_COMMA));
}

/* Tokens that glue into a wildcard pattern: a*, *1, a*b ... */
static bool wildcard_part(const kq_token *t)
{
    if (t->kind == T_STAR || t->kind == T_LONG) return true;
    return t->kind == T_IDENT && !t->bracketed && t->raw_start < 0;
}

kq_ast *kq_p_name_or_wildcard(kq_parser *p)
{
    const kq_token *first = kq_p_tok(p);
    if (first->kind != T_STAR && (first->kind != T_IDENT || first->raw_start >= 0))
        kq_p_fail_expected(p, "a column name or a wildcard pattern");
    if (first->bracketed) {
        kq_ast *n = kq_p_node(p, A_NAME, first->start);
        n->name = kq_p_next(p)->text;
        n->flags |= F_QUOTED;
        kq_p_finish(p, n);
        return n;
    }
    bool wildcard = false;
    int start = first->start, end = first->start;
    do {
        const kq_token *t = kq_p_next(p);
        if (t->kind == T_STAR) wildcard = true;
        end = t->end;
    } while (wildcard_part(kq_p_tok(p)) && !kq_p_tok(p)->spaced);
    kq_ast *n = kq_p_node(p, wildcard ? A_WILDCARD : A_NAME, start);
    n->name = wildcard || first->kind != T_IDENT || end != first->end
                  ? kq_arena_strdup(p->arena, p->text + start, (size_t)(end - start))
                  : first->text;
    kq_p_finish(p, n);
    return n;
}
