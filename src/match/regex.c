/*
 * regex.c - RE2-syntax regular expressions on top of PCRE2 (8-bit).
 *
 * Options: PCRE2_UTF | PCRE2_UCP (\d \w \s \b are Unicode-aware, as KQL_SUBSET.md 5.7 and the
 * Kusto regex page say), PCRE2_MATCH_INVALID_UTF (log text need not be valid UTF-8; invalid
 * bytes simply never match), PCRE2_DOLLAR_ENDONLY (RE2's $ without (?m) matches only at the very
 * end), newline = LF only. Before compiling, the pattern is scanned for what PCRE2 has and RE2
 * does not (look-around, back-references, atomic groups, possessive quantifiers, recursion and
 * subroutine calls, conditionals, callouts, \K, branch reset, backtracking verbs and (*...)
 * start options) and rejected with a message naming the construct and its byte offset.
 * Matching is bounded by a match limit, a depth limit and a heap limit (interpreter) and a
 * fixed-size JIT stack, so a catastrophic pattern gives up quickly (kq_regex_search -> -1).
 *
 * A kq_regex owns one match data block, reused by every search: use a kq_regex from one thread
 * at a time (compile one per thread to search in parallel).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MATCH_LIMIT = 50000000,
    DEPTH_LIMIT = 5000000,
    HEAP_LIMIT_KB = 512 * 1024,
    JIT_STACK_MIN = 32 * 1024,
    JIT_STACK_MAX = 64 * 1024 * 1024,
};

struct kq_regex {
    pcre2_code *code;
    pcre2_code *dfa_code; /* for the DFA fallback: compiled without MATCH_INVALID_UTF, lazily */
    char *pattern;
    size_t pattern_len;
    pcre2_match_data *match;
    pcre2_match_context *context;
    pcre2_jit_stack *jit_stack;
    int groups;
};

typedef struct {
    const char *what;
    size_t offset;
} unsupported;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool starts(const char *p, size_t left, const char *prefix)
{
    size_t n = strlen(prefix);
    return left >= n && memcmp(p, prefix, n) == 0;
}

/* Length of a counted quantifier {n}, {n,}, {n,m} starting at p[0] == '{', or 0. */
static size_t counted_quantifier(const char *p, size_t left)
{
    size_t i = 1;
    while (i < left && is_digit(p[i])) i++;
    if (i == 1) return 0;
    if (i < left && p[i] == ',') {
        i++;
        while (i < left && is_digit(p[i])) i++;
    }
    return i < left && p[i] == '}' ? i + 1 : 0;
}

/* What follows "(?" or "(*" that RE2 lacks, or NULL. */
static const char *unsupported_group(const char *p, size_t left)
{
    static const struct {
        const char *prefix, *what;
    } groups[] = {
        {"(?=", "look-ahead '(?='"},
        {"(?!", "negative look-ahead '(?!'"},
        {"(?<=", "look-behind '(?<='"},
        {"(?<!", "negative look-behind '(?<!'"},
        {"(?>", "atomic group '(?>'"},
        {"(?|", "branch reset group '(?|'"},
        {"(?R", "recursion '(?R)'"},
        {"(?&", "subroutine call '(?&'"},
        {"(?P>", "subroutine call '(?P>'"},
        {"(?P=", "back-reference '(?P='"},
        {"(?(", "conditional group '(?('"},
        {"(?C", "callout '(?C'"},
        {"(?+", "subroutine call '(?+'"},
        {"(?-", NULL}, /* (?-i) is a flag group; (?-1) a subroutine call */
        {"(*", "backtracking verb or option '(*'"},
    };
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        if (!starts(p, left, groups[i].prefix)) continue;
        if (groups[i].what) return groups[i].what;
        size_t n = strlen(groups[i].prefix);
        return n < left && is_digit(p[n]) ? "subroutine call '(?-n)'" : NULL;
    }
    if (left > 2 && p[0] == '(' && p[1] == '?' && is_digit(p[2])) return "subroutine call '(?n)'";
    return NULL;
}

/* What an escape at p[0] == '\\' (outside a class) is that RE2 lacks, or NULL. */
static const char *unsupported_escape(const char *p, size_t left)
{
    if (left < 2) return NULL;
    char c = p[1];
    if (c >= '1' && c <= '9') {
        bool octal = left >= 4 && c <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7';
        return octal ? NULL : "a back-reference (\\1 to \\9)";
    }
    if (c == 'k' && left > 2 && (p[2] == '<' || p[2] == '\'' || p[2] == '{')) return "back-reference '\\k'";
    if (c == 'g') return "back-reference or subroutine call '\\g'";
    if (c == 'K') return "'\\K' (reset match start)";
    return NULL;
}

/* Finds the first construct RE2 does not have; false when there is none. */
static bool find_unsupported(const char *pat, size_t n, unsupported *found)
{
    bool in_class = false, after_quantifier = false;
    size_t i = 0;
    while (i < n) {
        const char *p = pat + i;
        size_t left = n - i;
        bool quantifier = false;
        const char *what = NULL;
        size_t step = 1;
        if (p[0] == '\\') {
            if (starts(p, left, "\\Q")) {
                const char *close = memmem(p + 2, left - 2, "\\E", 2);
                step = close ? (size_t)(close - p) + 2 : left;
            } else {
                if (!in_class) what = unsupported_escape(p, left);
                step = left >= 2 ? 2 : 1;
            }
        } else if (in_class) {
            if (starts(p, left, "[:")) {
                const char *close = memmem(p + 2, left - 2, ":]", 2);
                step = close ? (size_t)(close - p) + 2 : 1;
            } else if (p[0] == ']') {
                in_class = false;
            }
        } else if (p[0] == '[') {
            in_class = true;
            step = 1;
            if (step < left && p[step] == '^') step++;
            if (step < left && p[step] == ']') step++; /* a leading ] is a literal */
        } else if (p[0] == '(') {
            what = unsupported_group(p, left);
            if (left > 1 && p[1] == '?') step = 2; /* that '?' opens a group, it is no quantifier */
        } else if (p[0] == '*' || p[0] == '+' || p[0] == '?') {
            if (after_quantifier && p[0] == '+') what = "possessive quantifier '+'";
            quantifier = !after_quantifier; /* a '?' after a quantifier makes it lazy: no longer quantifiable */
        } else if (p[0] == '{') {
            step = counted_quantifier(p, left);
            quantifier = step > 0;
            if (!step) step = 1;
        }
        if (what) {
            found->what = what;
            found->offset = i;
            return true;
        }
        after_quantifier = quantifier;
        i += step;
    }
    return false;
}

static void set_error(char *err, size_t cap, const char *fmt, const char *what, size_t offset)
{
    if (err && cap) snprintf(err, cap, fmt, what, offset);
}

void kq_regex_free(kq_regex *re)
{
    if (!re) return;
    pcre2_match_data_free(re->match);
    pcre2_match_context_free(re->context);
    pcre2_jit_stack_free(re->jit_stack);
    pcre2_code_free(re->code);
    pcre2_code_free(re->dfa_code);
    free(re->pattern);
    free(re);
}

kq_regex *kq_regex_compile(const char *pattern, size_t n, char *err, size_t cap, size_t *err_off)
{
    unsupported bad;
    if (err_off) *err_off = 0;
    if (find_unsupported(pattern, n, &bad)) {
        set_error(err, cap, "%s is not supported (Kusto regular expressions use RE2 syntax) at offset %zu",
                  bad.what, bad.offset);
        if (err_off) *err_off = bad.offset;
        return NULL;
    }
    pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
    if (!cctx) {
        set_error(err, cap, "%s at offset %zu", "out of memory compiling the regular expression", 0);
        return NULL;
    }
    pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);
    int code_error;
    PCRE2_SIZE code_offset;
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY |
                       PCRE2_NEVER_BACKSLASH_C;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)(n ? pattern : ""), n, options, &code_error,
                                     &code_offset, cctx);
    pcre2_compile_context_free(cctx);
    if (!code) {
        PCRE2_UCHAR message[256];
        if (pcre2_get_error_message(code_error, message, sizeof message) < 0)
            strcpy((char *)message, "invalid regular expression");
        set_error(err, cap, "%s at offset %zu", (const char *)message, (size_t)code_offset);
        if (err_off) *err_off = code_offset;
        return NULL;
    }
    kq_regex *re = calloc(1, sizeof *re);
    if (re) {
        re->code = code;
        re->pattern = malloc(n + 1);
        if (re->pattern) {
            if (n) memcpy(re->pattern, pattern, n);
            re->pattern[n] = 0;
            re->pattern_len = n;
        }
        re->match = pcre2_match_data_create_from_pattern(code, NULL);
        re->context = pcre2_match_context_create(NULL);
    }
    if (!re || !re->match || !re->context) {
        if (re) kq_regex_free(re);
        else pcre2_code_free(code);
        set_error(err, cap, "%s at offset %zu", "out of memory compiling the regular expression", 0);
        return NULL;
    }
    pcre2_set_match_limit(re->context, MATCH_LIMIT);
    pcre2_set_depth_limit(re->context, DEPTH_LIMIT);
    pcre2_set_heap_limit(re->context, HEAP_LIMIT_KB);
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0) {
        re->jit_stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
        if (re->jit_stack) pcre2_jit_stack_assign(re->context, NULL, re->jit_stack);
    }
    uint32_t captures = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    re->groups = (int)captures;
    return re;
}

int kq_regex_groups(const kq_regex *re)
{
    return re->groups;
}

int kq_regex_group_index(const kq_regex *re, const char *name)
{
    int index = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
    return index > 0 ? index : -1;
}

int kq_regex_test(const kq_regex *re, const char *s, size_t n)
{
    PCRE2_SPTR subject = (PCRE2_SPTR)(n ? s : "");
    int rc = pcre2_match(re->code, subject, n, 0, 0, re->match, re->context);
    if (rc >= 0) return 1;
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc != PCRE2_ERROR_MATCHLIMIT && rc != PCRE2_ERROR_DEPTHLIMIT && rc != PCRE2_ERROR_HEAPLIMIT &&
        rc != PCRE2_ERROR_JIT_STACKLIMIT)
        return -1;
    /* the DFA matcher: no backtracking, a workspace that grows as needed; it needs valid UTF-8 */
    kq_regex *mre = (kq_regex *)re;
    if (!mre->dfa_code && mre->pattern) {
        pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
        if (cctx) pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);
        int code_error;
        PCRE2_SIZE code_offset;
        mre->dfa_code = pcre2_compile((PCRE2_SPTR)mre->pattern, mre->pattern_len,
                                      PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C,
                                      &code_error, &code_offset, cctx);
        pcre2_compile_context_free(cctx);
    }
    if (!mre->dfa_code) return -1;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md) return -1;
    int answer = -1;
    for (size_t ws_size = 4096; ws_size <= (1u << 22); ws_size *= 4) {
        int *ws = malloc(ws_size * sizeof(int));
        if (!ws) break;
        rc = pcre2_dfa_match(mre->dfa_code, subject, n, 0, PCRE2_DFA_SHORTEST, md, re->context, ws, ws_size);
        free(ws);
        if (rc == PCRE2_ERROR_DFA_WSSIZE || rc == PCRE2_ERROR_DFA_RECURSE) continue;
        if (rc >= 0) answer = 1;
        else if (rc == PCRE2_ERROR_NOMATCH) answer = 0;
        break;
    }
    pcre2_match_data_free(md);
    return answer;
}

int kq_regex_search(const kq_regex *re, const char *s, size_t n, size_t start, long *ov)
{
    if (start > n) return 0;
    int rc = pcre2_match(re->code, (PCRE2_SPTR)(n ? s : ""), n, start, 0, re->match, re->context);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) return -1;
    const PCRE2_SIZE *vec = pcre2_get_ovector_pointer(re->match);
    for (int g = 0; g <= re->groups; g++) {
        bool set = g < rc && vec[2 * g] != PCRE2_UNSET;
        ov[2 * g] = set ? (long)vec[2 * g] : -1;
        ov[2 * g + 1] = set ? (long)vec[2 * g + 1] : -1;
    }
    return 1;
}
