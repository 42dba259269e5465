/*
 * parse.c - the KQL parser's frame: token access, errors, node building, and the grammar of
 * statements (let, set, declare, tabular statements) and of tabular sources (table names,
 * datatable, print, range, union, subqueries) and pipelines. Operators are in parse_ops.c,
 * scalar expressions in parse_expr.c, literals in parse_literal.c.
 */
#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../base/error.h"
#include "parse_int.h"

/* ---- token access ---- */

const kq_token *kq_p_tok(const kq_parser *p) { return &p->toks[p->pos]; }

const kq_token *kq_p_peek(const kq_parser *p, int ahead)
{
    int i = p->pos + ahead;
    return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}

const kq_token *kq_p_next(kq_parser *p)
{
    const kq_token *t = &p->toks[p->pos];
    if (p->pos < p->ntoks - 1) p->pos++;
    return t;
}

static int prev_end(const kq_parser *p) { return p->pos > 0 ? p->toks[p->pos - 1].end : 0; }

bool kq_p_is(const kq_parser *p, kq_tok kind) { return kq_p_tok(p)->kind == kind; }

bool kq_p_accept(kq_parser *p, kq_tok kind)
{
    if (!kq_p_is(p, kind)) return false;
    kq_p_next(p);
    return true;
}

const kq_token *kq_p_expect(kq_parser *p, kq_tok kind)
{
    if (!kq_p_is(p, kind)) {
        char what[32];
        snprintf(what, sizeof what, "'%s'", kq_tok_text(kind));
        kq_p_fail_expected(p, what);
    }
    return kq_p_next(p);
}

bool kq_p_is_word_at(const kq_parser *p, int ahead, const char *word)
{
    const kq_token *t = kq_p_peek(p, ahead);
    return t->kind == T_IDENT && !t->bracketed && t->raw_start < 0 && strcmp(t->text, word) == 0;
}

bool kq_p_is_word(const kq_parser *p, const char *word) { return kq_p_is_word_at(p, 0, word); }

bool kq_p_accept_word(kq_parser *p, const char *word)
{
    if (!kq_p_is_word(p, word)) return false;
    kq_p_next(p);
    return true;
}

void kq_p_expect_word(kq_parser *p, const char *word)
{
    if (!kq_p_accept_word(p, word)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", word);
        kq_p_fail_expected(p, what);
    }
}

const char *kq_p_expect_name(kq_parser *p)
{
    if (!kq_p_is(p, T_IDENT) || kq_p_tok(p)->raw_start >= 0) kq_p_fail_expected(p, "a name");
    return kq_p_next(p)->text;
}

/* ---- errors ---- */

_Noreturn void kq_p_fail_at(kq_parser *p, int start, int end, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kq_error_at(p->err, KQ_ERR_QUERY, p->text, p->len, start, end, "%s", msg);
    longjmp(p->fail, 1);
}

_Noreturn void kq_p_fail_expected(kq_parser *p, const char *what)
{
    const kq_token *t = kq_p_tok(p);
    if (t->kind == T_EOF) kq_p_fail_at(p, t->start, t->end, "expected %s but found the end of the query", what);
    int n = t->end - t->start;
    const char *dots = "";
    if (n > 40) {
        n = 40;
        dots = "...";
    }
    kq_p_fail_at(p, t->start, t->end, "expected %s but found '%.*s%s'", what, n, p->text + t->start, dots);
}

static _Noreturn void fail_too_deep(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    kq_p_fail_at(p, t->start, t->end, "the query is nested too deeply (more than %d levels)",
                 p->depth > KQ_PARSE_MAX_DEPTH ? KQ_PARSE_MAX_DEPTH : KQ_PARSE_MAX_TREE_DEPTH);
}

void kq_p_enter(kq_parser *p)
{
    p->tree_depth++;
    if (++p->depth > KQ_PARSE_MAX_DEPTH || p->tree_depth > KQ_PARSE_MAX_TREE_DEPTH) fail_too_deep(p);
}

void kq_p_leave(kq_parser *p)
{
    p->depth--;
    p->tree_depth--;
}

void kq_p_grow(kq_parser *p)
{
    if (++p->tree_depth > KQ_PARSE_MAX_TREE_DEPTH) fail_too_deep(p);
}

void kq_p_shrink(kq_parser *p, int levels) { p->tree_depth -= levels; }

/* ---- nodes ---- */

kq_ast *kq_p_node(kq_parser *p, kq_ast_kind kind, int start)
{
    kq_ast *n = kq_arena_zalloc(p->arena, sizeof *n);
    n->kind = kind;
    n->start = start;
    n->end = start;
    return n;
}

void kq_p_finish(kq_parser *p, kq_ast *n)
{
    int end = prev_end(p);
    n->end = end > n->start ? end : n->start;
}

void kq_list_push(kq_parser *p, kq_node_list *l, kq_ast *node)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        kq_ast **items = kq_arena_alloc(p->arena, sizeof *items * (size_t)cap);
        if (l->n) memcpy(items, l->items, sizeof *items * (size_t)l->n);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = node;
}

void kq_p_set_kids(kq_parser *p, kq_ast *n, const kq_node_list *l)
{
    n->kids = l->items;
    n->nkids = l->n;
}

void kq_p_set_kids2(kq_parser *p, kq_ast *n, const kq_node_list *l)
{
    n->kids2 = l->items;
    n->nkids2 = l->n;
}

static void add_param(kq_parser *p, kq_ast *n, const char *name, kq_ast *value)
{
    kq_ast_param *params = kq_arena_alloc(p->arena, sizeof *params * (size_t)(n->nparams + 1));
    if (n->nparams) memcpy(params, n->params, sizeof *params * (size_t)n->nparams);
    params[n->nparams].name = name;
    params[n->nparams].value = value;
    n->params = params;
    n->nparams++;
}

/* ---- tabular expressions ---- */

bool kq_p_is_tabular_node(const kq_ast *n)
{
    switch (n->kind) {
    case A_PIPE: case A_TABLE: case A_DATATABLE: case A_PRINT: case A_RANGE: case A_UNION:
    case A_SUBQUERY: case A_OP_SEARCH: case A_OP_FIND: case A_OP_OTHER: case A_OP_EVALUATE:
        return true;
    default:
        return false;
    }
}

kq_ast *kq_p_as_source(kq_parser *p, kq_ast *e)
{
    if (kq_p_is_tabular_node(e) || e->kind == A_CALL || e->kind == A_MEMBER) return e;
    if (e->kind == A_NAME) {
        e->kind = A_TABLE;
        return e;
    }
    if (e->kind == A_PAREN) {
        kq_ast *sub = kq_p_node(p, A_SUBQUERY, e->start);
        sub->end = e->end;
        sub->a = kq_p_as_source(p, e->a);
        return sub;
    }
    kq_p_fail_at(p, e->start, e->end, "expected a tabular expression (a table, a function call or a subquery)");
}

/* Parses '| op ...' after source into an A_PIPE (returns source when no '|' follows). */
static kq_ast *pipeline(kq_parser *p, kq_ast *source)
{
    if (!kq_p_is(p, T_PIPE)) return source;
    kq_ast *pipe = kq_p_node(p, A_PIPE, source->start);
    kq_node_list kids = {0};
    kq_list_push(p, &kids, kq_p_as_source(p, source));
    while (kq_p_accept(p, T_PIPE)) kq_list_push(p, &kids, kq_p_operator(p));
    kq_p_set_kids(p, pipe, &kids);
    kq_p_finish(p, pipe);
    return pipe;
}

kq_ast *kq_p_any_expr(kq_parser *p)
{
    kq_p_enter(p);
    kq_ast *e = kq_p_keyword_source(p);
    if (!e) e = kq_p_expr(p);
    e = pipeline(p, e);
    kq_p_leave(p);
    return e;
}

kq_ast *kq_p_tabular(kq_parser *p)
{
    return kq_p_as_source(p, kq_p_any_expr(p));
}

void kq_p_skip_operator_rest(kq_parser *p)
{
    int depth = 0;
    for (;;) {
        kq_tok k = kq_p_tok(p)->kind;
        if (k == T_EOF) return;
        if (depth == 0 && (k == T_PIPE || k == T_SEMI)) return;
        if (k == T_LPAREN || k == T_LBRACKET || k == T_LBRACE) depth++;
        if (k == T_RPAREN || k == T_RBRACKET || k == T_RBRACE) {
            if (depth == 0) return;
            depth--;
        }
        kq_p_next(p);
    }
}

/* kind=inner, hint.strategy=broadcast, withsource=X ...: words allowed by this operator
 * (NULL-terminated list); hint.* is always allowed. */
void kq_p_params(kq_parser *p, kq_ast *op, const char *const *allowed)
{
    for (;;) {
        const kq_token *t = kq_p_tok(p);
        if (t->kind != T_IDENT || t->bracketed || t->raw_start >= 0) return;
        bool hint = strcmp(t->text, "hint") == 0 && kq_p_peek(p, 1)->kind == T_DOT;
        bool known = false;
        for (const char *const *w = allowed; *w && !known; w++) known = strcmp(t->text, *w) == 0;
        if (hint) {
            /* hint.a.b = v */
            int k = 1;
            while (kq_p_peek(p, k)->kind == T_DOT && kq_p_peek(p, k + 1)->kind == T_IDENT) k += 2;
            if (kq_p_peek(p, k)->kind != T_ASSIGN) return;
        } else if (!known || kq_p_peek(p, 1)->kind != T_ASSIGN) {
            return;
        }
        char name[256];
        size_t n = 0;
        do {
            const kq_token *w = kq_p_next(p);
            int wrote = snprintf(name + n, sizeof name - n, "%s%s", n ? "." : "", w->text);
            if (wrote > 0) n += (size_t)wrote < sizeof name - n ? (size_t)wrote : sizeof name - n - 1;
        } while (kq_p_accept(p, T_DOT));
        kq_p_expect(p, T_ASSIGN);
        kq_ast *value;
        const kq_token *v = kq_p_tok(p);
        if (v->kind == T_IDENT && v->raw_start < 0 && strcasecmp(v->text, "true") != 0 &&
            strcasecmp(v->text, "false") != 0) {
            value = kq_p_node(p, A_NAME, v->start);
            value->name = kq_p_next(p)->text;
            kq_p_finish(p, value);
        } else {
            value = kq_p_expr(p);
        }
        add_param(p, op, kq_arena_strdup(p->arena, name, n), value);
    }
}

/* name:type, ... up to ')' (the '(' already consumed). */
static void coldecls(kq_parser *p, kq_node_list *out)
{
    if (kq_p_accept(p, T_RPAREN)) return;
    do {
        kq_ast *c = kq_p_node(p, A_COLDECL, kq_p_tok(p)->start);
        c->name = kq_p_expect_name(p);
        kq_p_expect(p, T_COLON);
        c->type = kq_p_type_name(p);
        kq_p_finish(p, c);
        kq_list_push(p, out, c);
    } while (kq_p_accept(p, T_COMMA));
    kq_p_expect(p, T_RPAREN);
}

static kq_ast *datatable(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_DATATABLE, kq_p_next(p)->start);
    kq_node_list schema = {0}, values = {0};
    kq_p_expect(p, T_LPAREN);
    coldecls(p, &schema);
    const kq_token *t = kq_p_tok(p);
    if (t->kind == T_IDENT && t->bracketed) {
        /* ['x'] lexes as a bracketed name: here it is a single string value */
        kq_ast *v = kq_p_node(p, A_LITERAL, t->start);
        v->lit.type = KQ_T_STRING;
        v->lit.u.s = t->text;
        v->lit.len = (uint32_t)t->len;
        kq_p_next(p);
        kq_p_finish(p, v);
        kq_list_push(p, &values, v);
    } else {
        kq_p_expect(p, T_LBRACKET);
        while (!kq_p_is(p, T_RBRACKET)) {
            kq_list_push(p, &values, kq_p_expr(p));
            if (!kq_p_accept(p, T_COMMA)) break;
        }
        kq_p_expect(p, T_RBRACKET);
    }
    kq_p_set_kids(p, n, &schema);
    kq_p_set_kids2(p, n, &values);
    kq_p_finish(p, n);
    return n;
}

static kq_ast *print(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_PRINT, kq_p_next(p)->start);
    kq_node_list kids = {0};
    kq_tok k = kq_p_tok(p)->kind;
    if (k != T_PIPE && k != T_SEMI && k != T_EOF && k != T_RPAREN) kq_p_expr_list(p, &kids);
    kq_p_set_kids(p, n, &kids);
    kq_p_finish(p, n);
    return n;
}

static kq_ast *range(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_RANGE, kq_p_next(p)->start);
    n->name = kq_p_expect_name(p);
    kq_p_expect_word(p, "from");
    n->a = kq_p_expr(p);
    kq_p_expect_word(p, "to");
    n->b = kq_p_expr(p);
    kq_p_expect_word(p, "step");
    n->c = kq_p_expr(p);
    kq_p_finish(p, n);
    return n;
}

void kq_p_union_legs(kq_parser *p, kq_ast *n)
{
    static const char *const allowed[] = {"kind", "withsource", "isfuzzy", NULL};
    kq_p_params(p, n, allowed);
    kq_node_list legs = {0};
    do {
        const kq_token *t = kq_p_tok(p);
        kq_ast *leg;
        if ((t->kind == T_IDENT && !t->bracketed && kq_p_peek(p, 1)->kind == T_STAR &&
             !kq_p_peek(p, 1)->spaced) ||
            t->kind == T_STAR) {
            leg = kq_p_name_or_wildcard(p);
            if (leg->kind == A_NAME) leg->kind = A_TABLE;
        } else {
            kq_ast *e = kq_p_keyword_source(p);
            if (!e) e = kq_p_expr(p);
            leg = kq_p_as_source(p, e);
        }
        kq_list_push(p, &legs, leg);
    } while (kq_p_accept(p, T_COMMA));
    kq_p_set_kids(p, n, &legs);
}

static kq_ast *union_source(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_UNION, kq_p_next(p)->start);
    kq_p_union_legs(p, n);
    kq_p_finish(p, n);
    return n;
}

/* search / find / externaldata / evaluate as a source: kept only to be rejected by name. */
static kq_ast *lenient_source(kq_parser *p, kq_ast_kind kind)
{
    const kq_token *t = kq_p_next(p);
    kq_ast *n = kq_p_node(p, kind, t->start);
    n->name = t->text;
    kq_p_skip_operator_rest(p);
    kq_p_finish(p, n);
    return n;
}

kq_ast *kq_p_keyword_source(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    if (t->kind != T_IDENT || t->bracketed || t->raw_start >= 0) return NULL;
    kq_tok next = kq_p_peek(p, 1)->kind;
    if (strcmp(t->text, "datatable") == 0 && next == T_LPAREN) return datatable(p);
    if (strcmp(t->text, "print") == 0 && next != T_COMMA && next != T_RPAREN && next != T_DOT &&
        next != T_RBRACKET && next != T_LBRACKET && next != T_ASSIGN)
        return print(p);
    if (strcmp(t->text, "range") == 0 && next == T_IDENT && kq_p_is_word_at(p, 2, "from"))
        return range(p);
    if (strcmp(t->text, "union") == 0 &&
        (next == T_IDENT || next == T_LPAREN || next == T_STAR))
        return union_source(p);
    if (strcmp(t->text, "search") == 0 &&
        (next == T_STRING || next == T_IDENT || next == T_STAR || next == T_LPAREN))
        return lenient_source(p, A_OP_SEARCH);
    if (strcmp(t->text, "find") == 0 && (next == T_IDENT || next == T_LPAREN))
        return lenient_source(p, A_OP_FIND);
    if (strcmp(t->text, "evaluate") == 0 && next == T_IDENT)
        return lenient_source(p, A_OP_EVALUATE);
    if (strcmp(t->text, "externaldata") == 0 && (next == T_LPAREN || next == T_IDENT))
        return lenient_source(p, A_OP_OTHER);
    return NULL;
}

/* ---- statements ---- */

static kq_ast *statement_block(kq_parser *p);

/* (T:(*)) , (T:(a:string)) , (x:long = 5) */
static kq_ast *param(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_PARAM, kq_p_tok(p)->start);
    n->name = kq_p_expect_name(p);
    kq_p_expect(p, T_COLON);
    if (kq_p_accept(p, T_LPAREN)) {
        n->flags |= F_TABULAR;
        n->type = KQ_T_TABLE;
        if (kq_p_is(p, T_STAR)) {
            kq_p_next(p);
            kq_p_expect(p, T_RPAREN);
            n->flags |= F_STAR;
        } else {
            kq_node_list cols = {0};
            coldecls(p, &cols);
            kq_p_set_kids(p, n, &cols);
        }
    } else {
        n->type = kq_p_type_name(p);
        if (kq_p_accept(p, T_ASSIGN)) n->a = kq_p_expr(p);
    }
    kq_p_finish(p, n);
    return n;
}

static bool at_funcdef(const kq_parser *p)
{
    if (kq_p_is_word(p, "view") && kq_p_peek(p, 1)->kind == T_LPAREN) return true;
    if (!kq_p_is(p, T_LPAREN)) return false;
    const kq_token *t1 = kq_p_peek(p, 1);
    if (t1->kind == T_RPAREN) return kq_p_peek(p, 2)->kind == T_LBRACE;
    return t1->kind == T_IDENT && kq_p_peek(p, 2)->kind == T_COLON;
}

static kq_ast *funcdef(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_FUNCDEF, kq_p_tok(p)->start);
    if (kq_p_accept_word(p, "view")) n->flags |= F_VIEW;
    kq_p_expect(p, T_LPAREN);
    kq_node_list params = {0};
    if (!kq_p_is(p, T_RPAREN)) {
        do kq_list_push(p, &params, param(p));
        while (kq_p_accept(p, T_COMMA));
    }
    kq_p_expect(p, T_RPAREN);
    kq_p_set_kids(p, n, &params);
    n->a = statement_block(p);
    kq_p_finish(p, n);
    return n;
}

static kq_ast *let_statement(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_LET, kq_p_next(p)->start);
    n->name = kq_p_expect_name(p);
    kq_p_expect(p, T_ASSIGN);
    n->a = at_funcdef(p) ? funcdef(p) : kq_p_any_expr(p);
    kq_p_finish(p, n);
    return n;
}

/* set name [= value] */
static kq_ast *set_statement(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_SET, kq_p_next(p)->start);
    char name[256];
    size_t len = 0;
    do {
        const char *part = kq_p_expect_name(p);
        int wrote = snprintf(name + len, sizeof name - len, "%s%s", len ? "." : "", part);
        if (wrote > 0) len += (size_t)wrote < sizeof name - len ? (size_t)wrote : sizeof name - len - 1;
    } while (kq_p_accept(p, T_DOT));
    n->name = kq_arena_strdup(p->arena, name, len);
    if (kq_p_accept(p, T_ASSIGN)) n->a = kq_p_expr(p);
    kq_p_finish(p, n);
    return n;
}

/* declare query_parameters(...), alias, restrict, pattern: kept to be rejected by name. */
static kq_ast *other_statement(kq_parser *p)
{
    const kq_token *t = kq_p_next(p);
    kq_ast *n = kq_p_node(p, A_OP_OTHER, t->start);
    n->name = t->text;
    kq_p_skip_operator_rest(p);
    while (kq_p_is(p, T_PIPE)) {
        kq_p_next(p);
        kq_p_skip_operator_rest(p);
    }
    kq_p_finish(p, n);
    return n;
}

static bool at_other_statement(const kq_parser *p)
{
    kq_tok next = kq_p_peek(p, 1)->kind;
    if (next != T_IDENT) return false;
    return kq_p_is_word(p, "declare") || kq_p_is_word(p, "alias") || kq_p_is_word(p, "restrict") ||
           kq_p_is_word(p, "pattern");
}

static kq_ast *statement(kq_parser *p, bool top_level)
{
    if (kq_p_is_word(p, "let") && kq_p_peek(p, 1)->kind == T_IDENT) return let_statement(p);
    if (top_level && kq_p_is_word(p, "set") && kq_p_peek(p, 1)->kind == T_IDENT)
        return set_statement(p);
    if (top_level && at_other_statement(p)) return other_statement(p);
    kq_ast *e = kq_p_any_expr(p);
    if (top_level && e->kind == A_NAME) e->kind = A_TABLE;
    return e;
}

/* Statements separated by ';' until the terminator (T_EOF or '}'); into n's kids. */
static void statements(kq_parser *p, kq_ast *n, kq_tok terminator, bool top_level)
{
    kq_node_list kids = {0};
    for (;;) {
        while (kq_p_accept(p, T_SEMI)) {}
        if (kq_p_is(p, terminator)) break;
        kq_list_push(p, &kids, statement(p, top_level));
        if (kq_p_is(p, terminator)) break;
        if (!kq_p_is(p, T_SEMI)) kq_p_fail_expected(p, "'|' or ';'");
    }
    kq_p_set_kids(p, n, &kids);
}

/* { [let ...;]* expr } */
static kq_ast *statement_block(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_QUERY, kq_p_expect(p, T_LBRACE)->start);
    kq_p_enter(p);
    statements(p, n, T_RBRACE, false);
    kq_p_leave(p);
    kq_p_expect(p, T_RBRACE);
    kq_p_finish(p, n);
    return n;
}

kq_ast *kq_parse(const char *text, size_t len, kq_arena *a, kq_error *err)
{
    kq_parser parser = {.text = text, .len = len, .arena = a, .err = err};
    kq_parser *p = &parser;
    kq_error_clear(err);
    if (!kq_lex(text, len, a, &p->toks, &p->ntoks, err)) return NULL;
    if (setjmp(p->fail)) return NULL;
    kq_ast *root = kq_p_node(p, A_QUERY, 0);
    statements(p, root, T_EOF, true);
    if (root->nkids == 0)
        kq_p_fail_at(p, 0, (int)len, "the query is empty: expected at least one statement");
    root->end = (int)len;
    return root;
}
