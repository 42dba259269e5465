/*
 * unicode.c - the little of Unicode that string matching needs: UTF-8 decoding and encoding,
 * simple case mappings and the term-character class (see match_internal.h).
 *
 * Case mappings cover ASCII, Latin-1, Latin Extended-A/B (the regular parts), Greek, Cyrillic,
 * Armenian, Georgian, Latin Extended Additional, Glagolitic, letterlike/Roman numeral/circled
 * letters, fullwidth Latin and Deseret. They never make text longer, so n output bytes always
 * suffice. kq_cp_fold (for comparisons) is the lower case of the simple upper case, kept only
 * when it has the same UTF-8 length (so that U+0130, U+0131, U+017F, U+212A fold to themselves).
 *
 * Term characters (letters and digits): ASCII [A-Za-z0-9], and every code point >= 0x80 that is
 * not in a range listed in non_term_ranges (C1 controls, Latin-1 punctuation and symbols, the
 * multiplication/division signs, spacing modifiers, Greek/Armenian/Hebrew/Arabic/Thai
 * punctuation, general punctuation and spaces, super/subscripts, currency, letterlike symbols,
 * number forms, arrows/math/technical/box/shape/dingbat blocks, supplemental punctuation, CJK
 * punctuation, private use, compatibility forms, fullwidth punctuation, specials, emoji).
 * This approximates "letter or digit": combining marks count as term characters (they belong to
 * the word they decorate) and other numbers (superscripts, fractions) do not.
 */
#include "match_internal.h"

typedef struct {
    uint32_t lo, hi;
} cp_range;

static const cp_range non_term_ranges[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B4}, {0x00B6, 0x00B9}, {0x00BB, 0x00BF}, {0x00D7, 0x00D7},
    {0x00F7, 0x00F7}, {0x02C2, 0x02C5}, {0x02D2, 0x02DF}, {0x02E5, 0x02EB}, {0x02ED, 0x02ED},
    {0x02EF, 0x02FF}, {0x0375, 0x0375}, {0x037E, 0x037E}, {0x0384, 0x0385}, {0x0387, 0x0387},
    {0x03F6, 0x03F6}, {0x0482, 0x0482}, {0x055A, 0x055F}, {0x0589, 0x058A}, {0x05BE, 0x05BE},
    {0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05C6, 0x05C6}, {0x05F3, 0x05F4}, {0x0600, 0x060F},
    {0x061B, 0x061F}, {0x066A, 0x066D}, {0x06D4, 0x06D4}, {0x0964, 0x0965}, {0x0E3F, 0x0E3F},
    {0x0E4F, 0x0E4F}, {0x0E5A, 0x0E5B}, {0x1680, 0x1680}, {0x2000, 0x2070}, {0x2072, 0x207E},
    {0x2080, 0x208F}, {0x209D, 0x20CF}, {0x2100, 0x2101}, {0x2103, 0x2106}, {0x2108, 0x2109},
    {0x2114, 0x2114}, {0x2116, 0x2118}, {0x211E, 0x2123}, {0x2125, 0x2125}, {0x2127, 0x2127},
    {0x2129, 0x2129}, {0x212E, 0x212E}, {0x213A, 0x213B}, {0x2140, 0x2144}, {0x214A, 0x214D},
    {0x214F, 0x2182}, {0x2185, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3004}, {0x3008, 0x3020},
    {0x3030, 0x3030}, {0x303D, 0x303D}, {0x30FB, 0x30FB}, {0xE000, 0xF8FF}, {0xFD3E, 0xFD3F},
    {0xFE10, 0xFE1F}, {0xFE30, 0xFE6F}, {0xFEFF, 0xFEFF}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFE0, 0xFFFF}, {0x1F000, 0x1FAFF},
    {0xE0000, 0xE007F}, {0xF0000, 0x10FFFF},
};

/* Upper -> lower case. step 1: every code point of [lo, hi] maps to cp + delta; step 2: only
 * those with the parity of lo do (alternating upper/lower pairs). one_way entries are not
 * inverted by kq_cp_upper (another upper case letter owns that lower case one). */
typedef struct {
    uint32_t lo, hi;
    int32_t delta;
    unsigned char step, one_way;
} case_range;

static const case_range lower_ranges[] = {
    {0x0041, 0x005A, 32, 1, 0},    {0x00C0, 0x00D6, 32, 1, 0},    {0x00D8, 0x00DE, 32, 1, 0},
    {0x0100, 0x012E, 1, 2, 0},     {0x0130, 0x0130, -199, 1, 1},  {0x0132, 0x0136, 1, 2, 0},
    {0x0139, 0x0147, 1, 2, 0},     {0x014A, 0x0176, 1, 2, 0},     {0x0178, 0x0178, -121, 1, 0},
    {0x0179, 0x017D, 1, 2, 0},     {0x0181, 0x0181, 210, 1, 0},   {0x0182, 0x0184, 1, 2, 0},
    {0x0186, 0x0186, 206, 1, 0},   {0x0187, 0x0187, 1, 1, 0},     {0x0189, 0x018A, 205, 1, 0},
    {0x018B, 0x018B, 1, 1, 0},     {0x018E, 0x018E, 79, 1, 0},    {0x018F, 0x018F, 202, 1, 0},
    {0x0190, 0x0190, 203, 1, 0},   {0x0191, 0x0191, 1, 1, 0},     {0x0193, 0x0193, 205, 1, 0},
    {0x0194, 0x0194, 207, 1, 0},   {0x0196, 0x0196, 211, 1, 0},   {0x0197, 0x0197, 209, 1, 0},
    {0x0198, 0x0198, 1, 1, 0},     {0x019C, 0x019C, 211, 1, 0},   {0x019D, 0x019D, 213, 1, 0},
    {0x019F, 0x019F, 214, 1, 0},   {0x01A0, 0x01A4, 1, 2, 0},     {0x01A7, 0x01A7, 1, 1, 0},
    {0x01A9, 0x01A9, 218, 1, 0},   {0x01AC, 0x01AC, 1, 1, 0},     {0x01AE, 0x01AE, 218, 1, 0},
    {0x01AF, 0x01AF, 1, 1, 0},     {0x01B1, 0x01B2, 217, 1, 0},   {0x01B3, 0x01B5, 1, 2, 0},
    {0x01B7, 0x01B7, 219, 1, 0},   {0x01B8, 0x01B8, 1, 1, 0},     {0x01BC, 0x01BC, 1, 1, 0},
    {0x01C4, 0x01C4, 2, 1, 0},     {0x01C5, 0x01C5, 1, 1, 1},     {0x01C7, 0x01C7, 2, 1, 0},
    {0x01C8, 0x01C8, 1, 1, 1},     {0x01CA, 0x01CA, 2, 1, 0},     {0x01CB, 0x01CB, 1, 1, 1},
    {0x01CD, 0x01DB, 1, 2, 0},     {0x01DE, 0x01EE, 1, 2, 0},     {0x01F1, 0x01F1, 2, 1, 0},
    {0x01F2, 0x01F2, 1, 1, 1},     {0x01F4, 0x01F4, 1, 1, 0},     {0x01F6, 0x01F6, -97, 1, 0},
    {0x01F7, 0x01F7, -56, 1, 0},   {0x01F8, 0x021E, 1, 2, 0},     {0x0220, 0x0220, -130, 1, 0},
    {0x0222, 0x0232, 1, 2, 0},     {0x023B, 0x023B, 1, 1, 0},     {0x023D, 0x023D, -163, 1, 0},
    {0x0241, 0x0241, 1, 1, 0},     {0x0243, 0x0243, -195, 1, 0},  {0x0244, 0x0244, 69, 1, 0},
    {0x0245, 0x0245, 71, 1, 0},    {0x0246, 0x024E, 1, 2, 0},     {0x0370, 0x0372, 1, 2, 0},
    {0x0376, 0x0376, 1, 1, 0},     {0x037F, 0x037F, 116, 1, 0},   {0x0386, 0x0386, 38, 1, 0},
    {0x0388, 0x038A, 37, 1, 0},    {0x038C, 0x038C, 64, 1, 0},    {0x038E, 0x038F, 63, 1, 0},
    {0x0391, 0x03A1, 32, 1, 0},    {0x03A3, 0x03AB, 32, 1, 0},    {0x03CF, 0x03CF, 8, 1, 0},
    {0x03D8, 0x03EE, 1, 2, 0},     {0x03F4, 0x03F4, -60, 1, 1},   {0x03F7, 0x03F7, 1, 1, 0},
    {0x03F9, 0x03F9, -7, 1, 0},    {0x03FA, 0x03FA, 1, 1, 0},     {0x03FD, 0x03FF, -130, 1, 0},
    {0x0400, 0x040F, 80, 1, 0},    {0x0410, 0x042F, 32, 1, 0},    {0x0460, 0x0480, 1, 2, 0},
    {0x048A, 0x04BE, 1, 2, 0},     {0x04C0, 0x04C0, 15, 1, 0},    {0x04C1, 0x04CD, 1, 2, 0},
    {0x04D0, 0x052E, 1, 2, 0},     {0x0531, 0x0556, 48, 1, 0},    {0x10A0, 0x10C5, 7264, 1, 0},
    {0x10C7, 0x10C7, 7264, 1, 0},  {0x10CD, 0x10CD, 7264, 1, 0},  {0x1E00, 0x1E94, 1, 2, 0},
    {0x1E9E, 0x1E9E, -7615, 1, 1}, {0x1EA0, 0x1EFE, 1, 2, 0},     {0x2126, 0x2126, -7517, 1, 1},
    {0x212A, 0x212A, -8383, 1, 1}, {0x212B, 0x212B, -8262, 1, 1}, {0x2160, 0x216F, 16, 1, 0},
    {0x2183, 0x2183, 1, 1, 0},     {0x24B6, 0x24CF, 26, 1, 0},    {0x2C00, 0x2C2F, 48, 1, 0},
    {0xFF21, 0xFF3A, 32, 1, 0},    {0x10400, 0x10427, 40, 1, 0},
};

/* Lower case letters whose simple upper case is not the inverse of lower_ranges. */
static const cp_range special_upper[] = {
    {0x00B5, 0x039C}, {0x0131, 0x0049}, {0x017F, 0x0053}, {0x03C2, 0x03A3}, {0x03D0, 0x0392},
    {0x03D1, 0x0398}, {0x03D5, 0x03A6}, {0x03D6, 0x03A0}, {0x03F0, 0x039A}, {0x03F1, 0x03A1},
    {0x03F5, 0x0395},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const unsigned char kq_ascii_lower[256] = {
#define ROW(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7
    ROW(0x00), ROW(0x08), ROW(0x10), ROW(0x18), ROW(0x20), ROW(0x28), ROW(0x30), ROW(0x38),
    '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', ROW(0x68), ROW(0x70), 'x', 'y', 'z', 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
    ROW(0x60), ROW(0x68), ROW(0x70), ROW(0x78), ROW(0x80), ROW(0x88), ROW(0x90), ROW(0x98),
    ROW(0xA0), ROW(0xA8), ROW(0xB0), ROW(0xB8), ROW(0xC0), ROW(0xC8), ROW(0xD0), ROW(0xD8),
    ROW(0xE0), ROW(0xE8), ROW(0xF0), ROW(0xF8),
#undef ROW
};

const unsigned char kq_ascii_is_term[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
    ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

uint32_t kq_cp_decode(const char *s, size_t n, size_t i, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t avail = n - i;
    unsigned char b0 = u[0];
    *len = 1;
    if (b0 < 0x80) return b0;
    uint32_t cp, min;
    size_t need;
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 2, cp = b0 & 0x1F, min = 0x80;
    else if (b0 >= 0xE0 && b0 <= 0xEF) need = 3, cp = b0 & 0x0F, min = 0x800;
    else if (b0 >= 0xF0 && b0 <= 0xF4) need = 4, cp = b0 & 0x07, min = 0x10000;
    else return KQ_CP_INVALID + b0;
    if (avail < need) return KQ_CP_INVALID + b0;
    for (size_t k = 1; k < need; k++) {
        if ((u[k] & 0xC0) != 0x80) return KQ_CP_INVALID + b0;
        cp = (cp << 6) | (u[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return KQ_CP_INVALID + b0;
    *len = need;
    return cp;
}

uint32_t kq_cp_decode_before(const char *s, size_t i, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char last = u[i - 1];
    *len = 1;
    if (last < 0x80) return last;
    for (size_t k = 2; k <= 4 && k <= i; k++) {
        unsigned char lead = u[i - k];
        if ((lead & 0xC0) == 0x80) continue;
        size_t got;
        uint32_t cp = kq_cp_decode(s, i, i - k, &got);
        if (got == k) {
            *len = k;
            return cp;
        }
        break;
    }
    return KQ_CP_INVALID + last;
}

size_t kq_cp_utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

size_t kq_cp_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool in_case_range(const case_range *r, uint32_t cp)
{
    return cp >= r->lo && cp <= r->hi && (r->step == 1 || ((cp - r->lo) & 1) == 0);
}

uint32_t kq_cp_lower(uint32_t cp)
{
    if (cp < 0x80) return kq_ascii_lower[cp];
    if (cp < 0xC0) return cp;
    for (size_t i = 0; i < COUNT(lower_ranges); i++) {
        const case_range *r = &lower_ranges[i];
        if (cp < r->lo) break;
        if (in_case_range(r, cp)) return (uint32_t)((int32_t)cp + r->delta);
    }
    return cp;
}

uint32_t kq_cp_upper(uint32_t cp)
{
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
    if (cp < 0xB5) return cp;
    for (size_t i = 0; i < COUNT(special_upper); i++)
        if (special_upper[i].lo == cp) return special_upper[i].hi;
    for (size_t i = 0; i < COUNT(lower_ranges); i++) {
        const case_range *r = &lower_ranges[i];
        if (r->one_way) continue;
        uint32_t upper = (uint32_t)((int32_t)cp - r->delta);
        if (in_case_range(r, upper)) return upper;
    }
    return cp;
}

uint32_t kq_cp_fold(uint32_t cp)
{
    if (cp < 0x80) return kq_ascii_lower[cp];
    if (cp < 0xB5 || cp >= KQ_CP_INVALID) return cp;
    uint32_t folded = cp;
    for (size_t i = 0; i < COUNT(special_upper); i++)
        if (special_upper[i].lo == cp) folded = special_upper[i].hi;
    folded = kq_cp_lower(folded);
    return kq_cp_utf8_len(folded) == kq_cp_utf8_len(cp) ? folded : cp;
}

bool kq_cp_is_term(uint32_t cp)
{
    if (cp < 0x80) return kq_ascii_is_term[cp];
    if (cp >= KQ_CP_INVALID) return false;
    size_t lo = 0, hi = COUNT(non_term_ranges);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < non_term_ranges[mid].lo) hi = mid;
        else if (cp > non_term_ranges[mid].hi) lo = mid + 1;
        else return false;
    }
    return true;
}

bool kq_term_at(const char *s, size_t n, size_t i)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) return kq_ascii_is_term[b];
    size_t len;
    return kq_cp_is_term(kq_cp_decode(s, n, i, &len));
}

bool kq_term_before(const char *s, size_t i)
{
    unsigned char b = (unsigned char)s[i - 1];
    if (b < 0x80) return kq_ascii_is_term[b];
    size_t len;
    return kq_cp_is_term(kq_cp_decode_before(s, i, &len));
}

bool kq_fold_text(const char *s, size_t n, char *out)
{
    bool non_ascii = false;
    size_t i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            out[i++] = (char)kq_ascii_lower[b];
            continue;
        }
        non_ascii = true;
        size_t len;
        uint32_t cp = kq_cp_decode(s, n, i, &len);
        if (cp >= KQ_CP_INVALID) out[i] = (char)b;
        else kq_cp_encode(kq_cp_fold(cp), out + i);
        i += len;
    }
    return non_ascii;
}
