/*
 * ast.h - the syntax tree of a KQL query, as the parser builds it and the binder reads it.
 * Every node has a kind, a source span (byte offsets into the query text) and a small set of
 * generic slots whose meaning per kind is given in the table below. All nodes and strings live
 * in the query's arena.
 */
#ifndef KQ_AST_H
#define KQ_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "../../include/kq.h"
#include "../base/arena.h"

typedef enum kq_ast_kind {
    /* ---- statements ---- */
    A_QUERY,       /* kids = statements (A_LET, A_SET, A_DECLARE, or a tabular expression) */
    A_LET,         /* name = bound name; a = value: any expression, A_FUNCDEF, or tabular expr */
    A_SET,         /* name = option name; a = value expr or NULL  (set x = v;)
                      (declare, alias, restrict, pattern statements become A_OP_OTHER) */
    A_FUNCDEF,     /* let f = (params) { body }:  kids = A_PARAM list; a = body (A_QUERY-like
                      block: kids = inner A_LET statements then the final expression as the last kid).
                      flags F_VIEW when written 'view (...) {...}'. */
    A_PARAM,       /* name; type = scalar type; a = default literal or NULL;
                      flags F_TABULAR for a tabular parameter, kids = its A_COLDECL schema
                      (empty kids + F_STAR for (*)) */
    A_COLDECL,     /* name:type in schemas (datatable, tabular params, parse columns) */

    /* ---- tabular expressions ---- */
    A_PIPE,        /* kids[0] = source (any tabular expr), kids[1..] = operators (A_OP_*) */
    A_TABLE,       /* name = table / let / view name used as a tabular source */
    A_DATATABLE,   /* kids = A_COLDECL schema; kids2 = literal value expressions, row-major */
    A_PRINT,       /* kids = expressions (A_ASSIGN for Name=expr) */
    A_RANGE,       /* name = column; a = from, b = to, c = step */
    A_UNION,       /* kids = legs (tabular exprs); params kind=, withsource=, isfuzzy= */
    A_SUBQUERY,    /* ( tabular expr ) : a = inner  (also used for a tabular expression
                      passed as a scalar argument, e.g. x in (T | project c)) */

    /* ---- tabular operators (inside A_PIPE, after the source) ---- */
    A_OP_WHERE,    /* a = predicate                          (where / filter) */
    A_OP_PROJECT,  /* kids = expressions / A_ASSIGN           */
    A_OP_PROJECT_AWAY,    /* kids = A_NAME or A_WILDCARD names */
    A_OP_PROJECT_KEEP,    /* kids = A_NAME or A_WILDCARD names */
    A_OP_PROJECT_RENAME,  /* kids = A_ASSIGN (name = new name, a = A_NAME old) */
    A_OP_PROJECT_REORDER, /* kids = A_NAME / A_WILDCARD, each with its own F_ASC/F_DESC/F_GRANNY */
    A_OP_EXTEND,   /* kids = expressions / A_ASSIGN */
    A_OP_SORT,     /* kids = A_SORTKEY                         (sort by / order by) */
    A_OP_TAKE,     /* a = count expression                     (take / limit) */
    A_OP_TOP,      /* a = count; kids = one A_SORTKEY */
    A_OP_COUNT,    /* no slots */
    A_OP_DISTINCT, /* kids = expressions / A_ASSIGN; flags F_STAR for 'distinct *' */
    A_OP_SUMMARIZE,/* kids = aggregate expressions / A_ASSIGN; kids2 = by expressions / A_ASSIGN */
    A_OP_JOIN,     /* a = right side (tabular expr); kids = conditions: A_NAME (same column
                      both sides) or A_BINARY '==' of $left.x / $right.y (A_MEMBER on A_NAME
                      "$left"/"$right"); params kind=..., hint.*=... */
    A_OP_LOOKUP,   /* same layout as join */
    A_OP_UNION,    /* kids = legs; params as A_UNION */
    A_OP_MV_EXPAND,/* kids = expressions / A_ASSIGN, each optionally wrapped: type = 'to typeof(T)'
                      stored on the item node's 'type' field via an A_MVITEM; params kind=,
                      with_itemindex=; a = limit expression or NULL */
    A_OP_PARSE,    /* a = source expression; kids = pattern elements: A_LITERAL (string),
                      A_STAR (skip), A_COLDECL (capture); params kind=, flags= ;
                      flags F_PARSE_WHERE for parse-where */
    A_OP_AS,       /* name */
    A_OP_INVOKE,   /* a = call expression */
    A_OP_GETSCHEMA,
    A_OP_RENDER,   /* name = chart kind; rest ignored */
    A_OP_SERIALIZE,/* kids = optional A_ASSIGN */
    A_OP_SAMPLE,   /* a = count */
    A_OP_MAKE_SERIES, A_OP_MV_APPLY, A_OP_EVALUATE, A_OP_TOP_NESTED, A_OP_PARSE_KV,
    A_OP_SCAN, A_OP_FORK, A_OP_FACET, A_OP_PARTITION, A_OP_REDUCE, A_OP_SAMPLE_DISTINCT,
    A_OP_SEARCH, A_OP_FIND, A_OP_OTHER,
                   /* parsed only enough to be rejected by name: name = operator text */
    A_SORTKEY,     /* a = expression; flags F_ASC or F_DESC (none = default), F_NULLS_FIRST or
                      F_NULLS_LAST (none = default) */
    A_MVITEM,      /* mv-expand item: a = expression or A_ASSIGN; type = target type or UNKNOWN */

    /* ---- scalar expressions ---- */
    A_LITERAL,     /* lit = the value (strings unescaped; typed nulls; datetime/timespan ticks;
                      dynamic trees); for a type literal typeof(T): kind A_TYPEOF */
    A_TYPEOF,      /* type */
    A_NAME,        /* name = identifier (quoted names unquoted); also $left / $right */
    A_WILDCARD,    /* name = pattern with '*' (project-away foo*, union T*) */
    A_STAR,        /* '*' (e.g. count(*)? no; take_any(*), arg_max(x, *), * has "x", distinct *) */
    A_ASSIGN,      /* name = target column; a = value expression.  (a, b) = f(...) : kids = names */
    A_CALL,        /* name = function name; kids = arguments (A_NAMEDARG for name=value) */
    A_NAMEDARG,    /* name; a = value */
    A_UNARY,       /* op = T_MINUS / T_PLUS; a = operand */
    A_BINARY,      /* op = token kind of the operator (T_PLUS, T_EQ, T_AND, T_HAS, T_NOT_HAS, ...);
                      a = left, b = right */
    A_IN,          /* op = T_IN, T_NOT_IN, T_IN_CI, T_NOT_IN_CI, T_HAS_ANY, T_HAS_ALL;
                      a = left; kids = list items (scalar exprs, or one A_SUBQUERY) */
    A_BETWEEN,     /* op = T_BETWEEN / T_NOT_BETWEEN; a = left, b = low, c = high */
    A_MEMBER,      /* a = object expression; name = member  (x.y) */
    A_INDEX,       /* a = object expression; b = index expression  (x["k"], x[0]) */
    A_PAREN,       /* a = inner expression (kept so that positions and auto-names work) */
    A_TOSCALAR     /* unused: toscalar(...) is an A_CALL whose argument is an A_SUBQUERY */
} kq_ast_kind;

/* flags */
enum {
    F_ASC = 1 << 0,
    F_DESC = 1 << 1,
    F_NULLS_FIRST = 1 << 2,
    F_NULLS_LAST = 1 << 3,
    F_STAR = 1 << 4,
    F_TABULAR = 1 << 5,
    F_VIEW = 1 << 6,
    F_PARSE_WHERE = 1 << 7,
    F_GRANNY = 1 << 8,
    F_QUOTED = 1 << 9 /* A_NAME written as ['...'] */
};

typedef struct kq_ast kq_ast;

/* kind=inner, withsource=Src, hint.strategy=broadcast, isfuzzy=true, with_itemindex=i ... */
typedef struct kq_ast_param {
    const char *name;  /* "kind", "withsource", "hint.strategy", ... */
    kq_ast *value;     /* A_NAME for identifiers, A_LITERAL for literals */
} kq_ast_param;

struct kq_ast {
    kq_ast_kind kind;
    int op;               /* token kind for operators (see lex.h) */
    int flags;
    int start, end;       /* byte offsets [start, end) in the query text */
    const char *name;     /* NUL-terminated */
    kq_type type;
    kq_value lit;
    kq_ast *a, *b, *c;
    kq_ast **kids;
    int nkids;
    kq_ast **kids2;
    int nkids2;
    kq_ast_param *params;
    int nparams;
};

#endif
