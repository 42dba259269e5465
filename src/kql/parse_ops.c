/*
 * parse_ops.c - the tabular operators that follow '|' (KQL_SUBSET.md section 4): where,
 * project*, extend, sort, take, top, count, distinct, summarize, join, lookup, union,
 * mv-expand, parse, as, invoke, getschema, render, serialize, sample. The other operators
 * (make-series, mv-apply, evaluate, ...) and unknown words are parsed only far enough to be
 * rejected by name: their tokens are skipped up to the next top-level '|' or ';'.
 */
#include <string.h>

#include "parse_int.h"

static kq_ast *op_where(kq_parser *p, kq_ast *n)
{
    n->a = kq_p_expr(p);
    return n;
}

static kq_ast *op_expr_list(kq_parser *p, kq_ast *n)
{
    kq_node_list kids = {0};
    kq_p_expr_list(p, &kids);
    kq_p_set_kids(p, n, &kids);
    return n;
}

static kq_ast *op_name_list(kq_parser *p, kq_ast *n)
{
    kq_node_list kids = {0};
    do kq_list_push(p, &kids, kq_p_name_or_wildcard(p));
    while (kq_p_accept(p, T_COMMA));
    kq_p_set_kids(p, n, &kids);
    return n;
}

static kq_ast *op_project_rename(kq_parser *p, kq_ast *n)
{
    kq_node_list kids = {0};
    do {
        const kq_token *t = kq_p_tok(p);
        kq_ast *assign = kq_p_node(p, A_ASSIGN, t->start);
        assign->name = kq_p_expect_name(p);
        if (t->bracketed) assign->flags |= F_QUOTED;
        kq_p_expect(p, T_ASSIGN);
        const kq_token *old = kq_p_tok(p);
        kq_ast *name = kq_p_node(p, A_NAME, old->start);
        name->name = kq_p_expect_name(p);
        if (old->bracketed) name->flags |= F_QUOTED;
        kq_p_finish(p, name);
        assign->a = name;
        kq_p_finish(p, assign);
        kq_list_push(p, &kids, assign);
    } while (kq_p_accept(p, T_COMMA));
    kq_p_set_kids(p, n, &kids);
    return n;
}

/* asc | desc | granny-asc | granny-desc after a project-reorder item: flags, 0 when none */
static int reorder_direction(kq_parser *p)
{
    if (kq_p_accept_word(p, "asc")) return F_ASC;
    if (kq_p_accept_word(p, "desc")) return F_DESC;
    if (kq_p_is_word(p, "granny") && kq_p_peek(p, 1)->kind == T_MINUS) {
        const kq_token *dir = kq_p_peek(p, 2);
        if (dir->kind == T_IDENT && (strcmp(dir->text, "asc") == 0 || strcmp(dir->text, "desc") == 0)) {
            int flags = F_GRANNY | (strcmp(dir->text, "asc") == 0 ? F_ASC : F_DESC);
            kq_p_next(p);
            kq_p_next(p);
            kq_p_next(p);
            return flags;
        }
    }
    return 0;
}

static kq_ast *op_project_reorder(kq_parser *p, kq_ast *n)
{
    kq_node_list kids = {0};
    do {
        kq_ast *item = kq_p_name_or_wildcard(p);
        item->flags |= reorder_direction(p);
        kq_p_finish(p, item);
        kq_list_push(p, &kids, item);
    } while (kq_p_accept(p, T_COMMA));
    kq_p_set_kids(p, n, &kids);
    return n;
}

/* expr [asc|desc] [nulls first|last] */
static kq_ast *sort_key(kq_parser *p)
{
    kq_ast *key = kq_p_node(p, A_SORTKEY, kq_p_tok(p)->start);
    key->a = kq_p_expr(p);
    if (kq_p_accept_word(p, "asc")) key->flags |= F_ASC;
    else if (kq_p_accept_word(p, "desc")) key->flags |= F_DESC;
    if (kq_p_accept_word(p, "nulls")) {
        if (kq_p_accept_word(p, "first")) key->flags |= F_NULLS_FIRST;
        else if (kq_p_accept_word(p, "last")) key->flags |= F_NULLS_LAST;
        else kq_p_fail_expected(p, "'first' or 'last'");
    }
    kq_p_finish(p, key);
    return key;
}

static const char *const no_params[] = {NULL};

static kq_ast *op_sort(kq_parser *p, kq_ast *n)
{
    kq_p_params(p, n, no_params);
    kq_p_expect_word(p, "by");
    kq_node_list kids = {0};
    do kq_list_push(p, &kids, sort_key(p));
    while (kq_p_accept(p, T_COMMA));
    kq_p_set_kids(p, n, &kids);
    return n;
}

static kq_ast *op_take(kq_parser *p, kq_ast *n)
{
    kq_p_params(p, n, no_params);
    n->a = kq_p_expr(p);
    return n;
}

static kq_ast *op_top(kq_parser *p, kq_ast *n)
{
    n->a = kq_p_expr(p);
    kq_p_expect_word(p, "by");
    kq_node_list kids = {0};
    kq_list_push(p, &kids, sort_key(p));
    kq_p_set_kids(p, n, &kids);
    return n;
}

static kq_ast *op_nothing(kq_parser *p, kq_ast *n) { return n; }

static kq_ast *op_distinct(kq_parser *p, kq_ast *n)
{
    kq_p_params(p, n, no_params);
    kq_tok next = kq_p_peek(p, 1)->kind;
    if (kq_p_is(p, T_STAR) && (next == T_PIPE || next == T_SEMI || next == T_EOF || next == T_RPAREN)) {
        kq_p_next(p);
        n->flags |= F_STAR;
        return n;
    }
    return op_expr_list(p, n);
}

static kq_ast *op_summarize(kq_parser *p, kq_ast *n)
{
    kq_p_params(p, n, no_params);
    kq_node_list aggs = {0}, keys = {0};
    if (!kq_p_is_word(p, "by") || kq_p_peek(p, 1)->kind == T_ASSIGN) kq_p_expr_list(p, &aggs);
    if (kq_p_accept_word(p, "by")) kq_p_expr_list(p, &keys);
    kq_p_set_kids(p, n, &aggs);
    kq_p_set_kids2(p, n, &keys);
    return n;
}

/* Join conditions: a, $left.x == $right.y, separated by ',' or 'and'. */
static void join_conditions(kq_parser *p, kq_ast *cond, kq_node_list *out)
{
    if (cond->kind == A_BINARY && cond->op == T_AND) {
        join_conditions(p, cond->a, out);
        join_conditions(p, cond->b, out);
    } else {
        kq_list_push(p, out, cond);
    }
}

static kq_ast *op_join(kq_parser *p, kq_ast *n)
{
    static const char *const allowed[] = {"kind", "withsource", NULL};
    kq_p_params(p, n, allowed);
    n->a = kq_p_tabular(p);
    kq_node_list conds = {0};
    if (kq_p_accept_word(p, "on")) {
        do join_conditions(p, kq_p_expr(p), &conds);
        while (kq_p_accept(p, T_COMMA));
    } else if (n->kind == A_OP_LOOKUP || !kq_p_is_word(p, "where")) {
        kq_p_expect_word(p, "on");
    } else {
        kq_p_fail_at(p, kq_p_tok(p)->start, kq_p_tok(p)->end, "join ... where is not supported; use 'on'");
    }
    kq_p_set_kids(p, n, &conds);
    return n;
}

static kq_ast *op_union(kq_parser *p, kq_ast *n)
{
    kq_p_union_legs(p, n);
    return n;
}

static kq_ast *op_mv_expand(kq_parser *p, kq_ast *n)
{
    static const char *const allowed[] = {"kind", "with_itemindex", "bagexpansion", NULL};
    kq_p_params(p, n, allowed);
    kq_node_list items = {0};
    do {
        kq_ast *item = kq_p_node(p, A_MVITEM, kq_p_tok(p)->start);
        item->a = kq_p_assign_or_expr(p);
        if (kq_p_accept_word(p, "to")) {
            kq_p_expect_word(p, "typeof");
            kq_p_expect(p, T_LPAREN);
            item->type = kq_p_type_name(p);
            kq_p_expect(p, T_RPAREN);
        }
        kq_p_finish(p, item);
        kq_list_push(p, &items, item);
    } while (kq_p_accept(p, T_COMMA));
    if (kq_p_accept_word(p, "limit")) n->a = kq_p_expr(p);
    kq_p_set_kids(p, n, &items);
    return n;
}

static bool at_operator_end(const kq_parser *p)
{
    kq_tok k = kq_p_tok(p)->kind;
    return k == T_PIPE || k == T_SEMI || k == T_EOF || k == T_RPAREN;
}

static kq_ast *op_parse(kq_parser *p, kq_ast *n)
{
    static const char *const allowed[] = {"kind", "flags", NULL};
    kq_p_params(p, n, allowed);
    n->a = kq_p_expr(p);
    kq_p_expect_word(p, "with");
    kq_node_list elems = {0};
    while (!at_operator_end(p)) {
        const kq_token *t = kq_p_tok(p);
        kq_ast *e;
        if (t->kind == T_STRING) {
            e = kq_p_node(p, A_LITERAL, t->start);
            e->lit.type = KQ_T_STRING;
            e->lit.u.s = t->text;
            e->lit.len = (uint32_t)t->len;
            kq_p_next(p);
        } else if (t->kind == T_STAR) {
            e = kq_p_node(p, A_STAR, t->start);
            kq_p_next(p);
        } else if (t->kind == T_IDENT && t->raw_start < 0) {
            e = kq_p_node(p, A_COLDECL, t->start);
            e->name = kq_p_next(p)->text;
            e->type = KQ_T_STRING;
            if (kq_p_accept(p, T_COLON)) e->type = kq_p_type_name(p);
        } else {
            kq_p_fail_expected(p, "a string, '*' or a column name in the parse pattern");
        }
        kq_p_finish(p, e);
        kq_list_push(p, &elems, e);
        kq_p_accept(p, T_COMMA);
    }
    kq_p_set_kids(p, n, &elems);
    return n;
}

static kq_ast *op_as(kq_parser *p, kq_ast *n)
{
    kq_p_params(p, n, no_params);
    n->name = kq_p_expect_name(p);
    return n;
}

static kq_ast *op_invoke(kq_parser *p, kq_ast *n)
{
    n->a = kq_p_expr(p);
    return n;
}

static kq_ast *op_render(kq_parser *p, kq_ast *n)
{
    n->name = kq_p_expect_name(p);
    kq_p_skip_operator_rest(p);
    return n;
}

static kq_ast *op_serialize(kq_parser *p, kq_ast *n)
{
    if (!at_operator_end(p)) op_expr_list(p, n);
    return n;
}

static kq_ast *op_skip(kq_parser *p, kq_ast *n)
{
    kq_p_skip_operator_rest(p);
    return n;
}

static const struct {
    const char *name;
    kq_ast_kind kind;
    kq_ast *(*parse)(kq_parser *p, kq_ast *n);
} operators[] = {
    {"where", A_OP_WHERE, op_where},
    {"filter", A_OP_WHERE, op_where},
    {"project", A_OP_PROJECT, op_expr_list},
    {"project-away", A_OP_PROJECT_AWAY, op_name_list},
    {"project-keep", A_OP_PROJECT_KEEP, op_name_list},
    {"project-rename", A_OP_PROJECT_RENAME, op_project_rename},
    {"project-reorder", A_OP_PROJECT_REORDER, op_project_reorder},
    {"extend", A_OP_EXTEND, op_expr_list},
    {"sort", A_OP_SORT, op_sort},
    {"order", A_OP_SORT, op_sort},
    {"take", A_OP_TAKE, op_take},
    {"limit", A_OP_TAKE, op_take},
    {"top", A_OP_TOP, op_top},
    {"count", A_OP_COUNT, op_nothing},
    {"distinct", A_OP_DISTINCT, op_distinct},
    {"summarize", A_OP_SUMMARIZE, op_summarize},
    {"join", A_OP_JOIN, op_join},
    {"lookup", A_OP_LOOKUP, op_join},
    {"union", A_OP_UNION, op_union},
    {"mv-expand", A_OP_MV_EXPAND, op_mv_expand},
    {"mvexpand", A_OP_MV_EXPAND, op_mv_expand},
    {"parse", A_OP_PARSE, op_parse},
    {"parse-where", A_OP_PARSE, op_parse},
    {"as", A_OP_AS, op_as},
    {"invoke", A_OP_INVOKE, op_invoke},
    {"getschema", A_OP_GETSCHEMA, op_nothing},
    {"render", A_OP_RENDER, op_render},
    {"serialize", A_OP_SERIALIZE, op_serialize},
    {"sample", A_OP_SAMPLE, op_take},
    {"make-series", A_OP_MAKE_SERIES, op_skip},
    {"mv-apply", A_OP_MV_APPLY, op_skip},
    {"mvapply", A_OP_MV_APPLY, op_skip},
    {"evaluate", A_OP_EVALUATE, op_skip},
    {"top-nested", A_OP_TOP_NESTED, op_skip},
    {"parse-kv", A_OP_PARSE_KV, op_skip},
    {"scan", A_OP_SCAN, op_skip},
    {"fork", A_OP_FORK, op_skip},
    {"facet", A_OP_FACET, op_skip},
    {"partition", A_OP_PARTITION, op_skip},
    {"reduce", A_OP_REDUCE, op_skip},
    {"sample-distinct", A_OP_SAMPLE_DISTINCT, op_skip},
    {"search", A_OP_SEARCH, op_skip},
    {"find", A_OP_FIND, op_skip},
};

/* The operator word, with its hyphenated parts joined: project-away, mv-expand, ... */
static const char *operator_name(kq_parser *p, int *end)
{
    const kq_token *t = kq_p_tok(p);
    if (t->kind != T_IDENT || t->bracketed || t->raw_start >= 0)
        kq_p_fail_expected(p, "an operator name after '|'");
    kq_p_next(p);
    *end = t->end;
    while (kq_p_is(p, T_MINUS) && !kq_p_tok(p)->spaced && kq_p_peek(p, 1)->kind == T_IDENT &&
           !kq_p_peek(p, 1)->spaced && !kq_p_peek(p, 1)->bracketed) {
        kq_p_next(p);
        *end = kq_p_next(p)->end;
    }
    if (*end == t->end) return t->text;
    return kq_arena_strdup(p->arena, p->text + t->start, (size_t)(*end - t->start));
}

kq_ast *kq_p_operator(kq_parser *p)
{
    int start = kq_p_tok(p)->start, end;
    kq_p_enter(p);
    const char *name = operator_name(p, &end);
    kq_ast *n = NULL;
    for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
        if (strcmp(operators[i].name, name) != 0) continue;
        n = kq_p_node(p, operators[i].kind, start);
        n->name = name;
        if (strcmp(name, "parse-where") == 0) n->flags |= F_PARSE_WHERE;
        n = operators[i].parse(p, n);
        break;
    }
    if (!n) {
        n = kq_p_node(p, A_OP_OTHER, start);
        n->name = name;
        kq_p_skip_operator_rest(p);
    }
    kq_p_finish(p, n);
    kq_p_leave(p);
    return n;
}
