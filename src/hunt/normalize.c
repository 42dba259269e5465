/*
 * normalize.c - indicator hygiene (see normalize.h): undoes the defanging feeds and reports apply
 * ("hxxps://evil[.]com"), tells what a value is, and rewrites it to the one canonical text the
 * hunts compare against, or says in a few words why it is not hunted. Values that would match
 * ordinary internal traffic (private, loopback, link-local addresses, localhost) are rejected.
 */
#include "normalize.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

#include "../match/match.h"

#define MAX_VALUE_BYTES 2048
#define MAX_LABEL_BYTES 63
#define MAX_DOMAIN_BYTES 253
#define MAX_EMAIL_LOCAL_BYTES 64
#define MAX_PORT 65535
/* hash lengths up to this get a reason naming the length */
#define MAX_NUMBERED_HASH_LENGTH 128
/* longest IPv6 text inet_pton can accept ("ffff:...:255.255.255.255" is 45 bytes) */
#define MAX_IPV6_TEXT 64

static const char INVALID_IPV4[] = "invalid IPv4 address";
static const char INVALID_IPV6[] = "invalid IPv6 address";
static const char PRIVATE_IPV4[] = "private address (RFC 1918): would match internal traffic";
static const char RANGE_WITH_RESERVED[] =
    "range includes private or reserved addresses: would match internal traffic";
static const char FILE_EXTENSION_TLD[] = "top-level domain is a file extension: looks like a file name";
static const char UNRECOGNISED[] = "not a domain, URL, IP address, CIDR, hash or e-mail address";

/* ---- characters ---- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_alpha(c) || is_digit(c);
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_non_ascii(char c)
{
    return (unsigned char)c >= 0x80;
}

static char to_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) return false;
    return n > 0;
}

/* true when [s, s+n) begins with the NUL-terminated word, compared ASCII-case-insensitively */
static bool starts_with_ci(const char *s, size_t n, const char *word)
{
    size_t wn = strlen(word);
    if (n < wn) return false;
    for (size_t i = 0; i < wn; i++)
        if (to_lower(s[i]) != word[i]) return false;
    return true;
}

static bool equals_ci(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && starts_with_ci(s, n, word);
}

/* true when a '.' follows a '.' (an empty label) */
static bool has_double_dot(const char *s, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (s[i] == '.' && s[i - 1] == '.') return true;
    return false;
}

static size_t count_char(const char *s, size_t n, char c)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += s[i] == c;
    return count;
}

/* ---- refanging ---- */

/* Invisible characters that copying from documents leaves around values (UTF-8). */
static const char *const invisible_edge_chars[] = {
    "\xC2\xA0",     /* no-break space */
    "\xE2\x80\x8B", /* zero-width space */
    "\xEF\xBB\xBF", /* byte order mark */
};

static bool is_quote(char c)
{
    return c == '"' || c == '\'' || c == '`';
}

/* Length of the invisible character that [s, s+n) starts with (at_end: ends with), 0 if none. */
static size_t invisible_char_at_edge(const char *s, size_t n, bool at_end)
{
    for (size_t k = 0; k < sizeof invisible_edge_chars / sizeof invisible_edge_chars[0]; k++) {
        size_t len = strlen(invisible_edge_chars[k]);
        if (n >= len && memcmp(at_end ? s + n - len : s, invisible_edge_chars[k], len) == 0) return len;
    }
    return 0;
}

/* Narrows [*s, *s + *n) to the value between surrounding white space, quotes and a trailing
 * comma (in any nesting: "\"evil.com\", " is evil.com). */
static void trim_value(const char **s, size_t *n)
{
    for (;;) {
        size_t before = *n;
        while (*n && (is_space(**s) || is_quote(**s))) (*s)++, (*n)--;
        while (*n && (is_space((*s)[*n - 1]) || is_quote((*s)[*n - 1]) || (*s)[*n - 1] == ',')) (*n)--;
        size_t len = invisible_char_at_edge(*s, *n, false);
        *s += len, *n -= len;
        *n -= invisible_char_at_edge(*s, *n, true);
        if (*n == before) return;
    }
}

/* "hxxp", "hxxps", "hxxp[s]" and "fxp" (any case) starting a scheme, that is followed by ":",
 * "[:" or "(:". Returns the bytes to consume and sets *plain to the real scheme; 0 if none. */
static size_t defanged_scheme_at(const char *s, size_t n, size_t i, const char **plain)
{
    if (i > 0 && is_alnum(s[i - 1])) return 0;
    const char *p = s + i;
    size_t rest = n - i, used;
    if (starts_with_ci(p, rest, "hxxp[s]") || starts_with_ci(p, rest, "hxxp(s)")) used = 7, *plain = "https";
    else if (starts_with_ci(p, rest, "hxxps")) used = 5, *plain = "https";
    else if (starts_with_ci(p, rest, "hxxp")) used = 4, *plain = "http";
    else if (starts_with_ci(p, rest, "fxp")) used = 3, *plain = "ftp";
    else return 0;
    if (used < rest && p[used] == ':') return used;
    if (used + 1 < rest && (p[used] == '[' || p[used] == '(') && p[used + 1] == ':') return used;
    return 0;
}

/* What may stand between brackets in a defanged value, and what it stands for. */
static const struct {
    const char *inner;
    const char *plain;
} bracketed_tokens[] = {
    {".", "."}, {"dot", "."}, {"@", "@"}, {"at", "@"}, {"://", "://"}, {":", ":"}, {"/", "/"},
};

static const char bracket_pairs[][2] = {{'[', ']'}, {'(', ')'}, {'{', '}'}};

/* "[.]", "(dot)", "{.}", "[@]", "(at)", "[://]", "[:]", "[/]" (any bracket pair, any case) at
 * s[i]. Returns the bytes to consume and sets *plain; 0 if none. */
static size_t bracketed_token_at(const char *s, size_t n, size_t i, const char **plain)
{
    for (size_t b = 0; b < sizeof bracket_pairs / sizeof bracket_pairs[0]; b++) {
        if (s[i] != bracket_pairs[b][0]) continue;
        for (size_t t = 0; t < sizeof bracketed_tokens / sizeof bracketed_tokens[0]; t++) {
            size_t len = strlen(bracketed_tokens[t].inner);
            if (starts_with_ci(s + i + 1, n - i - 1, bracketed_tokens[t].inner) && i + 1 + len < n &&
                s[i + 1 + len] == bracket_pairs[b][1]) {
                *plain = bracketed_tokens[t].plain;
                return len + 2;
            }
        }
    }
    return 0;
}

/* " dot " (blanks, "dot" in any case, blanks) at s[i]: the bytes to consume, 0 if none. */
static size_t spelled_dot_at(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && is_blank(s[j])) j++;
    if (j == i || !starts_with_ci(s + j, n - j, "dot")) return 0;
    size_t k = j + 3;
    while (k < n && is_blank(s[k])) k++;
    if (k == j + 3 || k == n) return 0;
    return k - i;
}

/* Whether a defanged form (a scheme, a bracketed token, " dot ", "\\.") can start at c. */
static bool may_start_defanged(char c)
{
    switch (c) {
    case 'h': case 'H': case 'f': case 'F': case '[': case '(': case '{': case '\\': return true;
    default: return is_blank(c);
    }
}

void kq_ioc_refang(const char *in, size_t n, kq_buf *out)
{
    kq_buf_clear(out);
    trim_value(&in, &n);
    kq_buf_reserve(out, n);
    size_t i = 0;
    while (i < n) {
        const char *plain;
        size_t used;
        if ((used = defanged_scheme_at(in, n, i, &plain))) {
            kq_buf_puts(out, plain);
            i += used;
        } else if ((used = bracketed_token_at(in, n, i, &plain))) {
            /* "evil [.] com": the blanks around a token go with it */
            while (out->len && is_blank(out->p[out->len - 1])) out->len--;
            kq_buf_puts(out, plain);
            i += used;
            while (i < n && is_blank(in[i])) i++;
        } else if ((used = spelled_dot_at(in, n, i))) {
            kq_buf_putc(out, '.');
            i += used;
        } else if (in[i] == '\\' && i + 1 < n && in[i + 1] == '.') {
            kq_buf_putc(out, '.');
            i += 2;
        } else {
            /* up to the next byte that may start a defanged form, as it is */
            size_t run = i + 1;
            while (run < n && !may_start_defanged(in[run])) run++;
            kq_buf_put(out, in + i, run - i);
            i = run;
        }
    }
    kq_buf_cstr(out);
}

/* ---- shapes (what a value looks like, before it is checked) ---- */

/* Length of the scheme of "scheme://..." (RFC 3986: a letter, then letters, digits, "+-."), 0
 * when the value does not start with one. */
static size_t url_scheme_length(const char *s, size_t n)
{
    if (n == 0 || !is_alpha(s[0])) return 0;
    size_t i = 1;
    while (i < n && (is_alnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) i++;
    return (n - i >= 3 && memcmp(s + i, "://", 3) == 0) ? i : 0;
}

/* Length of [s, s+n) without a ":digits" port: n when there is none (or the colon is one of
 * several, as in IPv6). */
static size_t length_without_port(const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (!colon || count_char(s, n, ':') != 1) return n;
    size_t host = (size_t)(colon - s);
    return all_digits(colon + 1, n - host - 1) ? host : n;
}

/* Four dot-separated runs of digits (octets are checked later). */
static bool looks_like_ipv4(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]) && s[i] != '.') return false;
    return count_char(s, n, '.') == 3 && n >= 7 && s[0] != '.' && s[n - 1] != '.' && !has_double_dot(s, n);
}

/* Hex digits, colons (at least two) and dots (an embedded IPv4), unbracketed. */
static bool ipv6_shaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_hex(s[i]) && s[i] != ':' && s[i] != '.') return false;
    return count_char(s, n, ':') >= 2;
}

/* "2001:db8::1", "[2001:db8::1]" or "[2001:db8::1]:443". */
static bool looks_like_ipv6(const char *s, size_t n)
{
    if (n == 0 || s[0] != '[') return ipv6_shaped(s, n);
    const char *close = memchr(s, ']', n);
    if (!close) return false;
    size_t after = (size_t)(close - s) + 1;
    if (after < n && (s[after] != ':' || !all_digits(s + after + 1, n - after - 1))) return false;
    return ipv6_shaped(s + 1, (size_t)(close - s) - 1);
}

/* "1.2.3.0/24", "2001:db8::/32". */
static bool looks_like_cidr(const char *s, size_t n)
{
    const char *slash = memchr(s, '/', n);
    if (!slash) return false;
    size_t addr = (size_t)(slash - s), prefix = n - addr - 1;
    return prefix >= 1 && prefix <= 3 && all_digits(slash + 1, prefix) &&
           (looks_like_ipv4(s, addr) || ipv6_shaped(s, addr));
}

/* Extensions of files that feeds and reports name, none of them a top-level domain: "remus.exe"
 * is a file, not a host. (Extensions that are also TLDs, like .zip or .sh, cannot be told.) */
static const char *const file_extensions[] = {
    "exe", "dll", "sys", "scr", "cpl", "bat", "cmd", "ps1", "vbs", "vbe", "js",  "jse",
    "wsf", "hta", "lnk", "msi", "jar", "doc", "docx", "docm", "xls", "xlsx", "xlsm", "pdf",
    "rtf", "iso", "img", "rar", "7z",  "elf", "apk", "dmg", "tmp",
};

/* Start of the last label of a name without its trailing dot. */
static size_t last_label_start(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && s[i - 1] != '.') i--;
    return i;
}

/* true when the last label of a name (one trailing dot allowed) is one of file_extensions */
static bool tld_is_file_extension(const char *s, size_t n)
{
    if (n && s[n - 1] == '.') n--;
    size_t tld = last_label_start(s, n);
    char lower[5]; /* the extensions have 2 to 4 letters */
    if (n - tld < 2 || n - tld >= sizeof lower) return false;
    for (size_t i = tld; i < n; i++) lower[i - tld] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    lower[n - tld] = 0;
    for (size_t k = 0; k < sizeof file_extensions / sizeof file_extensions[0]; k++)
        if (file_extensions[k][0] == lower[0] && strcmp(lower, file_extensions[k]) == 0) return true;
    return false;
}

/* Two or more non-empty labels of letters, digits, '-', '_' or non-ASCII (IDN) bytes, the last not
 * all digits; one trailing dot allowed. Lengths and IDNA rules are checked later. */
static bool looks_like_domain(const char *s, size_t n)
{
    if (n && s[n - 1] == '.') n--;
    if (n == 0 || s[0] == '.' || s[n - 1] == '.' || has_double_dot(s, n) || !memchr(s, '.', n))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.' && !is_non_ascii(s[i]))
            return false;
    size_t tld = last_label_start(s, n);
    return !all_digits(s + tld, n - tld);
}

/* "user@evil.com": one '@', a local part without blanks, a domain. */
static bool looks_like_email(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (!at || at == s || count_char(s, n, '@') != 1) return false;
    for (const char *p = s; p < at; p++)
        if (is_space(*p)) return false;
    return looks_like_domain(at + 1, n - (size_t)(at - s) - 1);
}

/* "md5:", "sha1:", "sha256:" (any case): the bytes of such a prefix at the start, 0 if none. */
static size_t hash_prefix_length(const char *s, size_t n)
{
    static const char *const prefixes[] = {"md5:", "sha1:", "sha256:"};
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
        if (starts_with_ci(s, n, prefixes[k])) return strlen(prefixes[k]);
    return 0;
}

static bool all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_hex(s[i])) return false;
    return true;
}

static kq_ioc_type hash_type_of_length(size_t digits)
{
    switch (digits) {
    case 32: return KQ_IOC_MD5;
    case 40: return KQ_IOC_SHA1;
    case 64: return KQ_IOC_SHA256;
    default: return KQ_IOC_NONE;
    }
}

kq_ioc_type kq_ioc_detect(const char *s, size_t n)
{
    if (n == 0) return KQ_IOC_NONE;
    if (url_scheme_length(s, n)) return KQ_IOC_URL;
    if (memchr(s, '/', n)) return looks_like_cidr(s, n) ? KQ_IOC_CIDR : KQ_IOC_NONE;
    size_t host = length_without_port(s, n);
    if (looks_like_ipv4(s, host)) return KQ_IOC_IPV4;
    if (looks_like_ipv6(s, n)) return KQ_IOC_IPV6;
    size_t prefix = hash_prefix_length(s, n);
    if (all_hex(s + prefix, n - prefix) && hash_type_of_length(n - prefix))
        return hash_type_of_length(n - prefix);
    if (looks_like_email(s, n)) return KQ_IOC_EMAIL;
    if (!looks_like_domain(s, host)) return KQ_IOC_NONE;
    if (!tld_is_file_extension(s, host)) return KQ_IOC_DOMAIN;
    /* "remus.exe": a file name, unless a port or a trailing dot says it was meant as a host */
    return host == n && s[n - 1] != '.' ? KQ_IOC_FILENAME : KQ_IOC_NONE;
}

/* ---- ports and addresses ---- */

static const char *parse_port(const char *s, size_t n, int *port)
{
    if (n == 0) return "empty port";
    long value = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) return "invalid port";
        if (value <= MAX_PORT) value = value * 10 + (s[i] - '0');
    }
    if (value < 1 || value > MAX_PORT) return "port out of range (1..65535)";
    *port = (int)value;
    return NULL;
}

/* A dotted quad, strictly: four decimal octets 0..255 without leading zeros (which some parsers
 * read as octal: "010.1.1.1" is 8.1.1.1 to them). */
static const char *parse_ipv4(const char *s, size_t n, uint8_t addr[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= n || s[i] != '.') return INVALID_IPV4;
            i++;
        }
        size_t start = i;
        unsigned value = 0;
        for (; i < n && is_digit(s[i]); i++)
            if (value <= 255) value = value * 10 + (unsigned)(s[i] - '0');
        if (i == start) return INVALID_IPV4;
        if (i - start > 1 && s[start] == '0')
            return "IPv4 octet with a leading zero: ambiguous (octal or decimal)";
        if (value > 255) return "invalid IPv4 address (octet above 255)";
        addr[part] = (uint8_t)value;
    }
    return i == n ? NULL : INVALID_IPV4;
}

static const char *parse_ipv6(const char *s, size_t n, uint8_t addr[16])
{
    char text[MAX_IPV6_TEXT];
    if (n >= sizeof text) return INVALID_IPV6;
    memcpy(text, s, n);
    text[n] = 0;
    return inet_pton(AF_INET6, text, addr) == 1 ? NULL : INVALID_IPV6;
}

typedef struct reserved_range {
    uint8_t net[16];
    int prefix;
    const char *reason;
} reserved_range;

/* Broadcast comes before 240.0.0.0/4, which holds it, so that it is named. */
static const reserved_range reserved_ipv4[] = {
    {{0}, 8, "unspecified address (0.0.0.0/8): not a host"},
    {{127}, 8, "loopback address (127.0.0.0/8): would match local traffic"},
    {{10}, 8, PRIVATE_IPV4},
    {{172, 16}, 12, PRIVATE_IPV4},
    {{192, 168}, 16, PRIVATE_IPV4},
    {{169, 254}, 16, "link-local address (169.254.0.0/16): would match internal traffic"},
    {{255, 255, 255, 255}, 32, "broadcast address (255.255.255.255)"},
    {{224}, 4, "multicast address (224.0.0.0/4): not a single host"},
    {{240}, 4, "reserved address (240.0.0.0/4): not used on the Internet"},
};

static const reserved_range reserved_ipv6[] = {
    {{0}, 128, "unspecified address (::): not a host"},
    {{[15] = 1}, 128, "loopback address (::1): would match local traffic"},
    {{0}, 96, "IPv4-compatible address (::/96): deprecated, not routed"},
    {{0xfe, 0x80}, 10, "link-local address (fe80::/10): would match internal traffic"},
    {{0xfc}, 7, "unique local address (fc00::/7): would match internal traffic"},
    {{0xff}, 8, "multicast address (ff00::/8): not a single host"},
};

/* true when the first `bits` bits of a and b are equal */
static bool same_prefix(const uint8_t *a, const uint8_t *b, int bits)
{
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, (size_t)whole) != 0) return false;
    if (rest == 0) return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

/* Why the network addr/prefix (a single address at full length) is not hunted: it lies in a
 * reserved range (that range's reason) or holds one; NULL when it is public. */
static const char *reserved_reason(const uint8_t *addr, int prefix, const reserved_range *ranges,
                                   size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (prefix >= ranges[k].prefix && same_prefix(addr, ranges[k].net, ranges[k].prefix))
            return ranges[k].reason;
    for (size_t k = 0; k < count; k++)
        if (prefix < ranges[k].prefix && same_prefix(addr, ranges[k].net, prefix)) return RANGE_WITH_RESERVED;
    return NULL;
}

static const char *reserved_reason_ipv4(const uint8_t addr[4], int prefix)
{
    return reserved_reason(addr, prefix, reserved_ipv4, sizeof reserved_ipv4 / sizeof reserved_ipv4[0]);
}

/* IPv4-mapped addresses (::ffff:a.b.c.d) are judged as the IPv4 address they carry. */
static const char *reserved_reason_ipv6(const uint8_t addr[16], int prefix)
{
    static const uint8_t ipv4_mapped[12] = {[10] = 0xff, [11] = 0xff};
    if (prefix >= 96 && memcmp(addr, ipv4_mapped, sizeof ipv4_mapped) == 0)
        return reserved_reason_ipv4(addr + 12, prefix - 96);
    return reserved_reason(addr, prefix, reserved_ipv6, sizeof reserved_ipv6 / sizeof reserved_ipv6[0]);
}

static void put_ipv4(kq_buf *out, const uint8_t addr[4])
{
    kq_buf_printf(out, "%u.%u.%u.%u", addr[0], addr[1], addr[2], addr[3]);
}

/* RFC 5952 text (glibc's inet_ntop: lower case, longest zero run compressed, IPv4-mapped dotted) */
static void put_ipv6(kq_buf *out, const uint8_t addr[16])
{
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, addr, text, sizeof text);
    kq_buf_puts(out, text);
}

/* "1.2.3.4" or "1.2.3.4:port". */
static const char *normalize_ipv4(const char *s, size_t n, kq_buf *out, int *port)
{
    const char *colon = memchr(s, ':', n);
    size_t host = colon ? (size_t)(colon - s) : n;
    uint8_t addr[4];
    const char *reason = parse_ipv4(s, host, addr);
    if (!reason) reason = reserved_reason_ipv4(addr, 32);
    if (!reason && colon) reason = parse_port(colon + 1, n - host - 1, port);
    if (!reason) put_ipv4(out, addr);
    return reason;
}

/* "2001:db8::1", "[2001:db8::1]" or "[2001:db8::1]:port". */
static const char *normalize_ipv6(const char *s, size_t n, kq_buf *out, int *port)
{
    size_t start = 0, len = n;
    const char *reason = NULL;
    if (n && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close) return INVALID_IPV6;
        start = 1;
        len = (size_t)(close - s) - 1;
        size_t after = len + 2;
        if (after < n) {
            if (s[after] != ':') return INVALID_IPV6;
            reason = parse_port(s + after + 1, n - after - 1, port);
        }
    }
    uint8_t addr[16];
    if (!reason) reason = parse_ipv6(s + start, len, addr);
    if (!reason) reason = reserved_reason_ipv6(addr, 128);
    if (!reason) put_ipv6(out, addr);
    return reason;
}

/* "net/prefix". Host bits are cleared ("1.2.3.4/24" is 1.2.3.0/24); a full-length prefix gives
 * the single address (*type becomes KQ_IOC_IPV4 or KQ_IOC_IPV6). */
static const char *normalize_cidr(const char *s, size_t n, kq_buf *out, kq_ioc_type *type)
{
    const char *slash = memchr(s, '/', n);
    if (!slash) return "CIDR without a prefix length (/n)";
    size_t addr_len = (size_t)(slash - s), prefix_len = n - addr_len - 1;
    if (prefix_len == 0 || prefix_len > 3 || !all_digits(slash + 1, prefix_len))
        return "invalid CIDR prefix length";
    int prefix = 0;
    for (size_t i = 0; i < prefix_len; i++) prefix = prefix * 10 + (slash[1 + i] - '0');
    bool v6 = memchr(s, ':', addr_len) != NULL;
    uint8_t addr[16];
    const char *reason = v6 ? parse_ipv6(s, addr_len, addr) : parse_ipv4(s, addr_len, addr);
    if (reason) return reason;
    int bits = v6 ? 128 : 32;
    if (prefix > bits) return v6 ? "CIDR prefix length out of range (0..128)" : "CIDR prefix length out of range (0..32)";
    for (int bit = prefix; bit < bits; bit++) addr[bit / 8] &= (uint8_t) ~(0x80 >> (bit % 8));
    reason = v6 ? reserved_reason_ipv6(addr, prefix) : reserved_reason_ipv4(addr, prefix);
    if (reason) return reason;
    if (v6) put_ipv6(out, addr);
    else put_ipv4(out, addr);
    if (prefix == bits) {
        *type = v6 ? KQ_IOC_IPV6 : KQ_IOC_IPV4;
    } else {
        kq_buf_printf(out, "/%d", prefix);
        *type = KQ_IOC_CIDR;
    }
    return NULL;
}

/* ---- domains ---- */

/* Appends the A-label (punycode) of a label that is non-ASCII or already "xn--": libidn2 under
 * UTS #46, non-transitional first, transitional when that fails (it takes symbols IDNA2008
 * disallows, like the emoji of real domains). */
static const char *append_idn_label(const char *label, size_t n, kq_buf *out)
{
    kq_buf text;
    kq_buf_init(&text);
    kq_buf_put(&text, label, n);
    char *ascii = NULL;
    int rc = idn2_to_ascii_8z(kq_buf_cstr(&text), &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (rc != IDN2_OK) rc = idn2_to_ascii_8z(text.p, &ascii, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
    kq_buf_free(&text);
    if (rc == IDN2_TOO_BIG_LABEL || rc == IDN2_PUNYCODE_BIG_OUTPUT) return "domain label longer than 63 bytes";
    if (rc != IDN2_OK) return "not a valid internationalised domain name (IDNA)";
    kq_buf_puts(out, ascii);
    idn2_free(ascii);
    return NULL;
}

/* Checks a lower-case ASCII name: labels 1..63 bytes of [a-z0-9_-] that neither start nor end with
 * '-' (RFC 1123), at most 253 bytes, at least two labels, not localhost, a top-level label that is
 * neither all digits nor a file extension. */
static const char *check_domain_name(const char *s, size_t n)
{
    size_t labels = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '.') {
            if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_') return "invalid character in domain name";
            continue;
        }
        if (i == start) return "empty label in domain name";
        if (i - start > MAX_LABEL_BYTES) return "domain label longer than 63 bytes";
        if (s[start] == '-' || s[i - 1] == '-') return "domain label starts or ends with '-'";
        labels++;
        start = i + 1;
    }
    if (n > MAX_DOMAIN_BYTES) return "domain name longer than 253 bytes";
    size_t tld = last_label_start(s, n);
    if (equals_ci(s + tld, n - tld, "localhost")) return "localhost: would match local traffic";
    if (labels < 2) return "single-label name: not a domain";
    if (all_digits(s + tld, n - tld)) return "top-level domain is all digits";
    if (tld_is_file_extension(s, n)) return FILE_EXTENSION_TLD;
    return NULL;
}

/* Appends the canonical form of the domain name [s, s+n) (no port) to out: lower case, one
 * trailing dot dropped, IDN labels as punycode. */
static const char *normalize_domain_name(const char *s, size_t n, kq_buf *out)
{
    if (n && s[n - 1] == '.') n--;
    if (n == 0) return "empty domain name";
    size_t start = out->len;
    for (size_t i = 0;;) {
        size_t end = i;
        bool idn = starts_with_ci(s + i, n - i, "xn--");
        for (; end < n && s[end] != '.'; end++) idn |= is_non_ascii(s[end]);
        if (idn) {
            const char *reason = append_idn_label(s + i, end - i, out);
            if (reason) return reason;
        } else {
            for (size_t k = i; k < end; k++) kq_buf_putc(out, to_lower(s[k]));
        }
        if (end == n) break;
        kq_buf_putc(out, '.');
        i = end + 1;
    }
    return check_domain_name(out->p + start, out->len - start);
}

/* A domain, optionally with ":port". */
static const char *normalize_domain(const char *s, size_t n, kq_buf *out, int *port)
{
    const char *colon = memchr(s, ':', n);
    if (colon) {
        size_t host = (size_t)(colon - s);
        const char *reason = parse_port(colon + 1, n - host - 1, port);
        if (reason) return reason;
        n = host;
    }
    return normalize_domain_name(s, n, out);
}

/* ---- URLs, e-mail addresses, hashes, file names ---- */

static int default_port(const char *scheme, size_t n)
{
    if (equals_ci(scheme, n, "http")) return 80;
    if (equals_ci(scheme, n, "https")) return 443;
    if (equals_ci(scheme, n, "ftp")) return 21;
    return 0;
}

/* Appends the canonical host of a URL: a bracketed IPv6, a dotted quad or a domain. Addresses
 * are only checked for validity: a URL's path makes even an internal host specific. */
static const char *append_url_host(const char *s, size_t n, kq_buf *out)
{
    if (n == 0) return "URL without a host";
    uint8_t addr[16];
    if (s[0] == '[') {
        if (n < 2 || s[n - 1] != ']' || parse_ipv6(s + 1, n - 2, addr)) return INVALID_IPV6;
        kq_buf_putc(out, '[');
        put_ipv6(out, addr);
        kq_buf_putc(out, ']');
        return NULL;
    }
    if (looks_like_ipv4(s, n)) {
        const char *reason = parse_ipv4(s, n, addr);
        if (reason) return reason;
        put_ipv4(out, addr);
        return NULL;
    }
    return normalize_domain_name(s, n, out);
}

/* "evil.com/gate.php", "1.2.3.4:8080/x": a host (a domain or an IPv4 address, perhaps with a
 * port) and a path, with no scheme */
static bool schemeless_host_path(const char *s, size_t n)
{
    if (url_scheme_length(s, n)) return false;
    const char *slash = memchr(s, '/', n);
    if (!slash || slash == s) return false;
    size_t host = (size_t)(slash - s);
    const char *colon = memchr(s, ':', host);
    if (colon) host = (size_t)(colon - s);
    kq_ioc_type t = kq_ioc_detect(s, host);
    return t == KQ_IOC_DOMAIN || t == KQ_IOC_IPV4;
}

/* scheme://[userinfo@]host[:port][/path][?query][#fragment]: scheme and host canonical, the
 * default port of http, https and ftp dropped, an empty path made "/", the rest byte for byte. */
static const char *normalize_url(const char *s, size_t n, kq_buf *out, int *port)
{
    size_t scheme = url_scheme_length(s, n);
    if (!scheme) return "URL without a scheme (\"://\")";
    for (size_t i = 0; i < scheme; i++) kq_buf_putc(out, to_lower(s[i]));
    kq_buf_puts(out, "://");
    size_t auth = scheme + 3, auth_end = auth;
    while (auth_end < n && s[auth_end] != '/' && s[auth_end] != '?' && s[auth_end] != '#') auth_end++;
    size_t host = auth;
    for (size_t i = auth; i < auth_end; i++)
        if (s[i] == '@') host = i + 1;
    kq_buf_put(out, s + auth, host - auth); /* userinfo and its '@' */
    /* the host ends at the port's colon (after the ']' of an IPv6 literal) */
    size_t host_end = host;
    if (host < auth_end && s[host] == '[') {
        const char *close = memchr(s + host, ']', auth_end - host);
        host_end = close ? (size_t)(close - s) + 1 : auth_end;
    }
    while (host_end < auth_end && s[host_end] != ':') host_end++;
    const char *reason = append_url_host(s + host, host_end - host, out);
    if (reason) return reason;
    int url_port = 0;
    if (host_end + 1 < auth_end && (reason = parse_port(s + host_end + 1, auth_end - host_end - 1, &url_port)))
        return reason;
    if (url_port && url_port != default_port(s, scheme)) {
        kq_buf_printf(out, ":%d", url_port);
        *port = url_port;
    }
    if (auth_end == n || s[auth_end] != '/') kq_buf_putc(out, '/');
    kq_buf_put(out, s + auth_end, n - auth_end);
    return NULL;
}

/* "local@domain" (a "mailto:" before it dropped): the local part as written, the domain canonical. */
static const char *normalize_email(const char *s, size_t n, kq_buf *out)
{
    if (starts_with_ci(s, n, "mailto:")) s += 7, n -= 7;
    const char *at = memchr(s, '@', n);
    if (!at) return "not an e-mail address (no @)";
    if (count_char(s, n, '@') > 1) return "not an e-mail address (more than one @)";
    size_t local = (size_t)(at - s);
    if (local == 0) return "e-mail address without a local part";
    if (local > MAX_EMAIL_LOCAL_BYTES) return "e-mail local part longer than 64 bytes";
    for (size_t i = 0; i < local; i++)
        if (is_space(s[i])) return "white space in e-mail local part";
    kq_buf_put(out, s, local + 1);
    return normalize_domain_name(at + 1, n - local - 1, out);
}

static char numbered_hash_reasons[MAX_NUMBERED_HASH_LENGTH + 1][sizeof "hash of unknown length 128"];
static once_flag numbered_hash_reasons_once = ONCE_FLAG_INIT;

static void write_numbered_hash_reasons(void)
{
    for (unsigned digits = 0; digits <= MAX_NUMBERED_HASH_LENGTH; digits++)
        snprintf(numbered_hash_reasons[digits], sizeof numbered_hash_reasons[digits],
                 "hash of unknown length %u", digits);
}

/* "hash of unknown length 31", in static storage as normalize.h promises for every reason */
static const char *unknown_hash_length_reason(size_t digits)
{
    if (digits > MAX_NUMBERED_HASH_LENGTH) return "hash of unknown length (over 128 hex digits)";
    call_once(&numbered_hash_reasons_once, write_numbered_hash_reasons);
    return numbered_hash_reasons[digits];
}

/* Why [s, s+n) is not a hash (NULL when it is one): hex digits after an optional "md5:",
 * "sha1:" or "sha256:", whose length decides the type (*type). */
static const char *check_hash(const char *s, size_t n, kq_ioc_type *type)
{
    size_t prefix = hash_prefix_length(s, n);
    s += prefix, n -= prefix;
    if (n == 0) return "empty hash";
    if (!all_hex(s, n)) return "not a hexadecimal hash";
    *type = hash_type_of_length(n);
    return *type == KQ_IOC_NONE ? unknown_hash_length_reason(n) : NULL;
}

static const char *normalize_hash(const char *s, size_t n, kq_buf *out, kq_ioc_type *type)
{
    const char *reason = check_hash(s, n, type);
    if (reason) return reason;
    for (size_t i = hash_prefix_length(s, n); i < n; i++) kq_buf_putc(out, to_lower(s[i]));
    return NULL;
}

/* The base name of a Windows or POSIX path, case kept, trimmed like a whole value. */
static const char *normalize_filename(const char *s, size_t n, kq_buf *out)
{
    size_t start = n;
    while (start > 0 && s[start - 1] != '/' && s[start - 1] != '\\') start--;
    const char *base = s + start;
    size_t len = n - start;
    trim_value(&base, &len);
    if (len == 0) return "empty file name";
    if (equals_ci(base, len, ".") || equals_ci(base, len, "..")) return "not a file name (\".\" or \"..\")";
    kq_buf_put(out, base, len);
    return NULL;
}

/* ---- the whole ---- */

/* Why a value cannot be an indicator at all, NULL when it can be one: too long, control
 * characters (C0, DEL, C1; NUL among them) or invalid UTF-8. */
static const char *value_bytes_reason(const char *s, size_t n)
{
    if (n == 0) return "empty value";
    if (n > MAX_VALUE_BYTES) return "value longer than 2048 bytes";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned char next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (c < 0x20 || c == 0x7f || (c == 0xC2 && next >= 0x80 && next < 0xA0))
            return "control character in value";
    }
    return kq_utf8_valid(s, n) ? NULL : "invalid UTF-8 in value";
}

/* The type to normalise a value as: the hint, except where the value plainly is a close relative
 * (a "domain" that is an IP address or a URL, an "IPv4" that is a CIDR, a "URL" that is a bare
 * domain). */
static kq_ioc_type type_to_normalize_as(kq_ioc_type hint, kq_ioc_type detected)
{
    bool detected_ip = detected == KQ_IOC_IPV4 || detected == KQ_IOC_IPV6 || detected == KQ_IOC_CIDR;
    switch (hint) {
    case KQ_IOC_NONE: return detected;
    case KQ_IOC_DOMAIN: return detected_ip || detected == KQ_IOC_URL ? detected : hint;
    case KQ_IOC_URL:
        return detected == KQ_IOC_DOMAIN || detected == KQ_IOC_IPV4 || detected == KQ_IOC_IPV6 ? detected : hint;
    case KQ_IOC_IPV4:
    case KQ_IOC_IPV6:
    case KQ_IOC_CIDR: return detected_ip ? detected : hint;
    default: return hint;
    }
}

/* Why a value of no detected type is rejected: a hash-like value (a hash prefix, or 16 hex digits
 * or more) says what is wrong with it; a domain-shaped one can only have been turned down for a
 * top-level label that is a file extension with a port or a trailing dot ("remus.exe:80"). */
static const char *unrecognised_reason(const char *s, size_t n)
{
    if (hash_prefix_length(s, n) || (n >= 16 && all_hex(s, n))) {
        kq_ioc_type ignored;
        return check_hash(s, n, &ignored);
    }
    if (looks_like_domain(s, length_without_port(s, n))) return FILE_EXTENSION_TLD;
    return UNRECOGNISED;
}

kq_ioc_type kq_ioc_normalize(kq_ioc_type hint, const char *in, size_t n, kq_buf *out, int *port,
                             const char **reason)
{
    kq_buf_clear(out);
    int value_port = 0;
    kq_ioc_type type = KQ_IOC_NONE;
    kq_buf clean;
    kq_buf_init(&clean);
    /* file names are not refanged: "Invoice (at) home.pdf" is a legitimate name */
    if (hint == KQ_IOC_FILENAME) {
        trim_value(&in, &n);
        kq_buf_put(&clean, in, n);
    } else {
        kq_ioc_refang(in, n, &clean);
    }
    const char *s = clean.p;
    n = clean.len;
    const char *why = value_bytes_reason(s, n);
    if (!why) {
        type = type_to_normalize_as(hint, kq_ioc_detect(s, n));
        switch (type) {
        case KQ_IOC_NONE: why = unrecognised_reason(s, n); break;
        case KQ_IOC_DOMAIN: why = normalize_domain(s, n, out, &value_port); break;
        case KQ_IOC_URL:
            if (schemeless_host_path(s, n)) { /* "evil.com/gate.php" given as a URL: http:// */
                kq_buf with_scheme;
                kq_buf_init(&with_scheme);
                kq_buf_puts(&with_scheme, "http://");
                kq_buf_put(&with_scheme, s, n);
                why = normalize_url(with_scheme.p, with_scheme.len, out, &value_port);
                kq_buf_free(&with_scheme);
            } else why = normalize_url(s, n, out, &value_port);
            break;
        case KQ_IOC_IPV4: why = normalize_ipv4(s, n, out, &value_port); break;
        case KQ_IOC_IPV6: why = normalize_ipv6(s, n, out, &value_port); break;
        case KQ_IOC_CIDR: why = normalize_cidr(s, n, out, &type); break;
        case KQ_IOC_MD5:
        case KQ_IOC_SHA1:
        case KQ_IOC_SHA256: why = normalize_hash(s, n, out, &type); break;
        case KQ_IOC_EMAIL: why = normalize_email(s, n, out); break;
        case KQ_IOC_FILENAME: why = normalize_filename(s, n, out); break;
        default: why = "unknown indicator type"; break;
        }
    }
    kq_buf_free(&clean);
    if (why) {
        kq_buf_clear(out);
        type = KQ_IOC_NONE;
        value_port = 0;
    } else {
        kq_buf_cstr(out);
    }
    if (port) *port = value_port;
    if (reason) *reason = why;
    return type;
}
