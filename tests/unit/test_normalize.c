/*
 * test_normalize.c - unit tests of src/hunt/normalize.c: every defanged spelling, type detection,
 * the canonical text of each indicator type (IDN punycode, RFC 5952 IPv6, CIDR networks, URL
 * ports and paths, hashes by length, e-mail domains, file base names), every reject with its
 * reason, hostile bytes, and a generated-input sweep that checks the API's promises.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../src/hunt/normalize.h"
#include "check.h"

static kq_buf out;

static const char *refanged_n(const char *s, size_t n)
{
    kq_ioc_refang(s, n, &out);
    return kq_buf_cstr(&out);
}

static const char *refanged(const char *s)
{
    return refanged_n(s, strlen(s));
}

static const char *detected(const char *s)
{
    kq_ioc_type t = kq_ioc_detect(s, strlen(s));
    return t == KQ_IOC_NONE ? "none" : kq_ioc_type_name(t);
}

/* The promises of kq_ioc_normalize for one call: NULL when kept, else what was broken. */
static const char *broken_promise(kq_ioc_type t, const kq_buf *b, int port, const char *reason)
{
    if (t == KQ_IOC_NONE) {
        if (!reason || !*reason) return "reject without a reason";
        if (b->len != 0 || port != 0) return "reject with a value or a port";
        return NULL;
    }
    if (reason) return "success with a reason";
    if (b->len == 0 || strlen(b->p) != b->len) return "success without a NUL-terminated value";
    if (port < 0 || port > 65535) return "port out of range";
    return NULL;
}

/* "type value", "type value port N" or "reject: reason" for [s, s+n) normalised as hint. A kept
 * value must come back unchanged when normalised again as its type. */
static const char *outcome_n(kq_ioc_type hint, const char *s, size_t n)
{
    static char text[8192];
    int port = -1;
    const char *reason = "(unset)";
    kq_ioc_type t = kq_ioc_normalize(hint, s, n, &out, &port, &reason);
    const char *broken = broken_promise(t, &out, port, reason);
    if (broken) return broken;
    if (t == KQ_IOC_NONE) {
        snprintf(text, sizeof text, "reject: %s", reason);
        return text;
    }
    if (port) snprintf(text, sizeof text, "%s %s port %d", kq_ioc_type_name(t), out.p, port);
    else snprintf(text, sizeof text, "%s %s", kq_ioc_type_name(t), out.p);
    kq_buf first;
    kq_buf_init(&first);
    kq_buf_puts(&first, out.p);
    int again_port;
    const char *again_reason;
    kq_ioc_type again = kq_ioc_normalize(t, first.p, first.len, &out, &again_port, &again_reason);
    bool stable = again == t && out.len == first.len && memcmp(out.p, first.p, first.len) == 0;
    kq_buf_free(&first);
    return stable ? text : "not stable when normalised again";
}

static const char *norm(const char *s)
{
    return outcome_n(KQ_IOC_NONE, s, strlen(s));
}

static const char *as(kq_ioc_type hint, const char *s)
{
    return outcome_n(hint, s, strlen(s));
}

static void test_refang_schemes(void)
{
    CHECK_EQ_STR(refanged("hxxp://evil.com"), "http://evil.com");
    CHECK_EQ_STR(refanged("hXXp://evil.com"), "http://evil.com");
    CHECK_EQ_STR(refanged("hxxps://evil.com"), "https://evil.com");
    CHECK_EQ_STR(refanged("hXXps://evil.com"), "https://evil.com");
    CHECK_EQ_STR(refanged("HXXPS://EVIL.COM"), "https://EVIL.COM");
    CHECK_EQ_STR(refanged("hxxp[s]://evil.com"), "https://evil.com");
    CHECK_EQ_STR(refanged("hxxp(s)://evil.com"), "https://evil.com");
    CHECK_EQ_STR(refanged("fxp://files.evil.com"), "ftp://files.evil.com");
    CHECK_EQ_STR(refanged("hxxp[:]//evil.com"), "http://evil.com");
    CHECK_EQ_STR(refanged("hxxps[://]evil.com"), "https://evil.com");
    CHECK_EQ_STR(refanged("http[:]//evil.com"), "http://evil.com");
    CHECK_EQ_STR(refanged("see hxxp://evil.com"), "see http://evil.com");
    /* not a scheme: left alone */
    CHECK_EQ_STR(refanged("hxxp.evil.com"), "hxxp.evil.com");
    CHECK_EQ_STR(refanged("shxxp://evil.com"), "shxxp://evil.com");
    CHECK_EQ_STR(refanged("fxpro.com"), "fxpro.com");
}

static void test_refang_tokens(void)
{
    CHECK_EQ_STR(refanged("evil[.]com"), "evil.com");
    CHECK_EQ_STR(refanged("evil(.)com"), "evil.com");
    CHECK_EQ_STR(refanged("evil{.}com"), "evil.com");
    CHECK_EQ_STR(refanged("evil[dot]com"), "evil.com");
    CHECK_EQ_STR(refanged("evil(dot)com"), "evil.com");
    CHECK_EQ_STR(refanged("evil{dot}com"), "evil.com");
    CHECK_EQ_STR(refanged("evil[DOT]com"), "evil.com");
    CHECK_EQ_STR(refanged("evil dot com"), "evil.com");
    CHECK_EQ_STR(refanged("evil DOT com"), "evil.com");
    CHECK_EQ_STR(refanged("evil [.] com"), "evil.com");
    CHECK_EQ_STR(refanged("evil\\.com"), "evil.com");
    CHECK_EQ_STR(refanged("1.2.3.4[:]8080"), "1.2.3.4:8080");
    CHECK_EQ_STR(refanged("user[@]evil.com"), "user@evil.com");
    CHECK_EQ_STR(refanged("user(@)evil.com"), "user@evil.com");
    CHECK_EQ_STR(refanged("user[at]evil.com"), "user@evil.com");
    CHECK_EQ_STR(refanged("user(at)evil.com"), "user@evil.com");
    CHECK_EQ_STR(refanged("user [at] evil [dot] com"), "user@evil.com");
    CHECK_EQ_STR(refanged("http://evil.com[/]gate.php"), "http://evil.com/gate.php");
    CHECK_EQ_STR(refanged("hxxp[:]//evil[.]com[/]a"), "http://evil.com/a");
}

static void test_refang_trim_and_keep(void)
{
    CHECK_EQ_STR(refanged("  evil.com\t\r\n"), "evil.com");
    CHECK_EQ_STR(refanged("\"evil.com\","), "evil.com");
    CHECK_EQ_STR(refanged(" 'evil.com' , "), "evil.com");
    CHECK_EQ_STR(refanged("`evil.com`"), "evil.com");
    CHECK_EQ_STR(refanged("\xEF\xBB\xBF" "evil.com\xC2\xA0"), "evil.com");
    CHECK_EQ_STR(refanged("\xE2\x80\x8B" "evil.com"), "evil.com");
    CHECK_EQ_STR(refanged(""), "");
    CHECK_EQ_STR(refanged_n(NULL, 0), "");
    CHECK_EQ_STR(refanged(" \" ' , "), "");
    /* legitimate brackets survive */
    CHECK_EQ_STR(refanged("[2001:db8::1]:443"), "[2001:db8::1]:443");
    CHECK_EQ_STR(refanged("[::1]"), "[::1]");
    CHECK_EQ_STR(refanged("[::]:80"), "[::]:80");
    CHECK_EQ_STR(refanged("http://evil.com/a?b=[1]&c=(2)"), "http://evil.com/a?b=[1]&c=(2)");
    CHECK_EQ_STR(refanged("dotted.com"), "dotted.com");
    CHECK_EQ_STR(refanged("a dotcom b"), "a dotcom b");
}

static void test_detect(void)
{
    CHECK_EQ_STR(detected("evil.com"), "domain");
    CHECK_EQ_STR(detected("EVIL.COM."), "domain");
    CHECK_EQ_STR(detected("b\xC3\xBC" "cher.de"), "domain");
    CHECK_EQ_STR(detected("_dmarc.evil.com"), "domain");
    CHECK_EQ_STR(detected("evil.com:8080"), "domain");
    CHECK_EQ_STR(detected("http://evil.com"), "url");
    CHECK_EQ_STR(detected("svn+ssh://evil.com/x"), "url");
    CHECK_EQ_STR(detected("1.2.3.4"), "ipv4");
    CHECK_EQ_STR(detected("1.2.3.4:80"), "ipv4");
    CHECK_EQ_STR(detected("999.1.1.1"), "ipv4");
    CHECK_EQ_STR(detected("2001:db8::1"), "ipv6");
    CHECK_EQ_STR(detected("[2001:db8::1]:443"), "ipv6");
    CHECK_EQ_STR(detected("::ffff:1.2.3.4"), "ipv6");
    CHECK_EQ_STR(detected("10.0.0.0/8"), "cidr");
    CHECK_EQ_STR(detected("2001:db8::/32"), "cidr");
    CHECK_EQ_STR(detected("d41d8cd98f00b204e9800998ecf8427e"), "md5");
    CHECK_EQ_STR(detected("da39a3ee5e6b4b0d3255bfef95601890afd80709"), "sha1");
    CHECK_EQ_STR(detected("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "sha256");
    CHECK_EQ_STR(detected("SHA256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"), "sha256");
    CHECK_EQ_STR(detected("user@evil.com"), "email");
    /* a domain-shaped name whose last label is a file extension is a file name */
    CHECK_EQ_STR(detected("remus.exe"), "filename");
    CHECK_EQ_STR(detected("Invoice.Scan.PDF"), "filename");
    CHECK_EQ_STR(detected("loader.ps1"), "filename");
    /* never guessed: with a port, a trailing dot or a path */
    CHECK_EQ_STR(detected("remus.exe:80"), "none");
    CHECK_EQ_STR(detected("remus.exe."), "none");
    CHECK_EQ_STR(detected("C:\\Windows\\evil.dll"), "none");
    CHECK_EQ_STR(detected("localhost"), "none");
    CHECK_EQ_STR(detected("1.2.3"), "none");
    CHECK_EQ_STR(detected("evil..com"), "none");
    CHECK_EQ_STR(detected("evil.com/path"), "none");
    CHECK_EQ_STR(detected("d41d8cd98f00b204e9800998ecf8427"), "none");
    CHECK_EQ_STR(detected(""), "none");
}

static void test_domains(void)
{
    CHECK_EQ_STR(norm("a.evil.com"), "domain a.evil.com");
    CHECK_EQ_STR(norm("EVIL.COM."), "domain evil.com");
    CHECK_EQ_STR(norm("evil[.]com"), "domain evil.com");
    CHECK_EQ_STR(norm("  \"Sub.Evil-Site.co.uk\", "), "domain sub.evil-site.co.uk");
    CHECK_EQ_STR(norm("_dmarc.evil.com"), "domain _dmarc.evil.com");
    CHECK_EQ_STR(norm("b\xC3\xBC" "cher.de"), "domain xn--bcher-kva.de");
    CHECK_EQ_STR(norm("B\xC3\x9C" "CHER.DE"), "domain xn--bcher-kva.de");
    CHECK_EQ_STR(norm("shop.b\xC3\xBC" "cher.de."), "domain shop.xn--bcher-kva.de");
    CHECK_EQ_STR(norm("xn--bcher-kva.de"), "domain xn--bcher-kva.de");
    CHECK_EQ_STR(norm("XN--BCHER-KVA.DE"), "domain xn--bcher-kva.de");
    CHECK_EQ_STR(norm("fa\xC3\x9F.de"), "domain xn--fa-hia.de");                 /* non-transitional */
    CHECK_EQ_STR(norm("\xF0\x9F\x92\xA9.la"), "domain xn--ls8h.la");             /* transitional fallback */
    CHECK_EQ_STR(norm("\xCE\xB2\xCF\x8C\xCE\xBB\xCE\xBF\xCF\x82.com"), "domain xn--nxasmm1c.com");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "evil.com:8443"), "domain evil.com port 8443");
    /* 63-byte label and 253-byte name are the limits */
    CHECK_EQ_STR(norm("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"),
                 "domain aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com");
    char name[300] = "";
    for (int i = 0; i < 63; i++) strcat(name, "abc.");
    strcat(name, "x"); /* 253 bytes */
    CHECK_EQ_INT(strlen(name), 253);
    CHECK(strncmp(norm(name), "domain abc.abc.", 15) == 0);
    strcat(name, "y");
    CHECK_EQ_STR(norm(name), "reject: domain name longer than 253 bytes");
}

static void test_domain_rejects(void)
{
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "localhost"), "reject: localhost: would match local traffic");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "LOCALHOST."), "reject: localhost: would match local traffic");
    CHECK_EQ_STR(norm("printer.localhost"), "reject: localhost: would match local traffic");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "intranet"), "reject: single-label name: not a domain");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "evil..com"), "reject: empty label in domain name");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, ".evil.com"), "reject: empty label in domain name");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "."), "reject: empty domain name");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "1.2.3"), "reject: top-level domain is all digits");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "ev*il.com"), "reject: invalid character in domain name");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "evil.com/path"), "reject: invalid character in domain name");
    /* RFC 1123: a label neither starts nor ends with '-' */
    CHECK_EQ_STR(norm("-bad.com"), "reject: domain label starts or ends with '-'");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "bad-.com"), "reject: domain label starts or ends with '-'");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "a.-b.com"), "reject: domain label starts or ends with '-'");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "evil.com-"), "reject: domain label starts or ends with '-'");
    CHECK_EQ_STR(norm("http://-bad.com/x"), "reject: domain label starts or ends with '-'");
    CHECK_EQ_STR(norm("a--b.xn--p1ai"), "domain a--b.xn--p1ai");
    CHECK_EQ_STR(norm("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"),
                 "reject: domain label longer than 63 bytes");
    CHECK_EQ_STR(norm("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xC3\xBC.com"),
                 "reject: domain label longer than 63 bytes");
    CHECK_EQ_STR(norm("xn--zz.com"), "reject: not a valid internationalised domain name (IDNA)");
    CHECK_EQ_STR(norm("-b\xC3\xBC" "cher.de"), "reject: not a valid internationalised domain name (IDNA)");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "evil.com:0"), "reject: port out of range (1..65535)");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "evil.com:http"), "reject: invalid port");
    CHECK_EQ_STR(norm("remus.exe"), "filename remus.exe");
    CHECK_EQ_STR(norm("remus[.]exe"), "filename remus.exe");
    CHECK_EQ_STR(norm("remus.exe:443"), "reject: top-level domain is a file extension: looks like a file name");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "Invoice.PDF"),
                 "reject: top-level domain is a file extension: looks like a file name");
    CHECK_EQ_STR(norm("evil.zip"), "domain evil.zip"); /* a real TLD */
}

static void test_ipv4(void)
{
    CHECK_EQ_STR(norm("8.8.8.8"), "ipv4 8.8.8.8");
    CHECK_EQ_STR(norm("1[.]2[.]3[.]4"), "ipv4 1.2.3.4");
    CHECK_EQ_STR(norm("45.9.148.3:8080"), "ipv4 45.9.148.3 port 8080");
    CHECK_EQ_STR(norm("45.9.148.3[:]443"), "ipv4 45.9.148.3 port 443");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4:80"), "ipv4 1.2.3.4 port 80");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4:65535"), "ipv4 1.2.3.4 port 65535");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "1.2.3.4"), "ipv4 1.2.3.4");
    CHECK_EQ_STR(as(KQ_IOC_IPV6, "1.2.3.4"), "ipv4 1.2.3.4");
    CHECK_EQ_STR(norm("172.32.0.1"), "ipv4 172.32.0.1");
    CHECK_EQ_STR(norm("223.255.255.255"), "ipv4 223.255.255.255");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4:0"), "reject: port out of range (1..65535)");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4:65536"), "reject: port out of range (1..65535)");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4:99999999999999999999"), "reject: port out of range (1..65535)");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4:8o"), "reject: invalid port");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4:"), "reject: empty port");
    CHECK_EQ_STR(norm("010.1.1.1"), "reject: IPv4 octet with a leading zero: ambiguous (octal or decimal)");
    CHECK_EQ_STR(norm("1.2.3.04"), "reject: IPv4 octet with a leading zero: ambiguous (octal or decimal)");
    CHECK_EQ_STR(norm("256.1.1.1"), "reject: invalid IPv4 address (octet above 255)");
    CHECK_EQ_STR(norm("1.2.3.99999999999"), "reject: invalid IPv4 address (octet above 255)");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "evil.com"), "reject: invalid IPv4 address");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3"), "reject: invalid IPv4 address");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "1.2.3.4.5"), "reject: invalid IPv4 address");
    CHECK_EQ_STR(norm("1.2.3.4.5"), "reject: not a domain, URL, IP address, CIDR, hash or e-mail address");
}

static void test_ipv4_reserved(void)
{
    CHECK_EQ_STR(norm("0.0.0.0"), "reject: unspecified address (0.0.0.0/8): not a host");
    CHECK_EQ_STR(norm("127.0.0.1"), "reject: loopback address (127.0.0.0/8): would match local traffic");
    CHECK_EQ_STR(norm("127.255.0.9:80"), "reject: loopback address (127.0.0.0/8): would match local traffic");
    CHECK_EQ_STR(norm("10.1.2.3"), "reject: private address (RFC 1918): would match internal traffic");
    CHECK_EQ_STR(norm("172.16.0.1"), "reject: private address (RFC 1918): would match internal traffic");
    CHECK_EQ_STR(norm("172.31.255.255"), "reject: private address (RFC 1918): would match internal traffic");
    CHECK_EQ_STR(norm("192.168.1.1:8080"), "reject: private address (RFC 1918): would match internal traffic");
    CHECK_EQ_STR(norm("169.254.169.254"),
                 "reject: link-local address (169.254.0.0/16): would match internal traffic");
    CHECK_EQ_STR(norm("224.0.0.251"), "reject: multicast address (224.0.0.0/4): not a single host");
    CHECK_EQ_STR(norm("239.255.255.250"), "reject: multicast address (224.0.0.0/4): not a single host");
    CHECK_EQ_STR(norm("240.0.0.1"), "reject: reserved address (240.0.0.0/4): not used on the Internet");
    CHECK_EQ_STR(norm("255.255.255.255"), "reject: broadcast address (255.255.255.255)");
}

static void test_ipv6(void)
{
    CHECK_EQ_STR(norm("2001:DB8:0:0:0:0:0:1"), "ipv6 2001:db8::1");
    CHECK_EQ_STR(norm("2001:0db8:0000:0000:0001:0000:0000:0001"), "ipv6 2001:db8::1:0:0:1");
    CHECK_EQ_STR(norm("2001:db8:0:1:1:1:1:1"), "ipv6 2001:db8:0:1:1:1:1:1");
    CHECK_EQ_STR(norm("[2001:db8::1]"), "ipv6 2001:db8::1");
    CHECK_EQ_STR(norm("[2001:db8::1]:443"), "ipv6 2001:db8::1 port 443");
    CHECK_EQ_STR(norm("[2001:db8::1][:]443"), "ipv6 2001:db8::1 port 443");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "[2001:db8::1]:8443"), "ipv6 2001:db8::1 port 8443");
    CHECK_EQ_STR(norm("::ffff:8.8.8.8"), "ipv6 ::ffff:8.8.8.8");
    CHECK_EQ_STR(norm("::"), "reject: unspecified address (::): not a host");
    CHECK_EQ_STR(norm("[::1]:80"), "reject: loopback address (::1): would match local traffic");
    CHECK_EQ_STR(norm("fe80::1"), "reject: link-local address (fe80::/10): would match internal traffic");
    CHECK_EQ_STR(norm("febf::1"), "reject: link-local address (fe80::/10): would match internal traffic");
    CHECK_EQ_STR(norm("fd12:3456::1"), "reject: unique local address (fc00::/7): would match internal traffic");
    CHECK_EQ_STR(norm("ff02::fb"), "reject: multicast address (ff00::/8): not a single host");
    CHECK_EQ_STR(norm("::127.0.0.1"), "reject: IPv4-compatible address (::/96): deprecated, not routed");
    CHECK_EQ_STR(norm("::ffff:10.0.0.1"), "reject: private address (RFC 1918): would match internal traffic");
    CHECK_EQ_STR(norm("2001:db8::1::2"), "reject: invalid IPv6 address");
    CHECK_EQ_STR(as(KQ_IOC_IPV6, "2001:db8::g"), "reject: invalid IPv6 address");
    CHECK_EQ_STR(as(KQ_IOC_IPV6, "[2001:db8::1"), "reject: invalid IPv6 address");
    CHECK_EQ_STR(as(KQ_IOC_IPV6, "[2001:db8::1]x"), "reject: invalid IPv6 address");
    CHECK_EQ_STR(as(KQ_IOC_IPV6, "[2001:db8::1]:70000"), "reject: port out of range (1..65535)");
    CHECK_EQ_STR(as(KQ_IOC_IPV6, "fe80::1%eth0"), "reject: invalid IPv6 address");
}

static void test_cidr(void)
{
    CHECK_EQ_STR(norm("198.51.100.0/24"), "cidr 198.51.100.0/24");
    CHECK_EQ_STR(norm("198.51.100.77/24"), "cidr 198.51.100.0/24"); /* host bits cleared */
    CHECK_EQ_STR(norm("198.51.100.77/0x"), "reject: not a domain, URL, IP address, CIDR, hash or e-mail address");
    CHECK_EQ_STR(norm("8.8.8.8/32"), "ipv4 8.8.8.8");
    CHECK_EQ_STR(norm("2001:DB8::/32"), "cidr 2001:db8::/32");
    CHECK_EQ_STR(norm("2001:db8:ffff::1/33"), "cidr 2001:db8:8000::/33");
    CHECK_EQ_STR(norm("2001:db8::1/128"), "ipv6 2001:db8::1");
    CHECK_EQ_STR(as(KQ_IOC_CIDR, "8.8.4.4"), "ipv4 8.8.4.4");
    CHECK_EQ_STR(as(KQ_IOC_IPV4, "8.8.4.0/24"), "cidr 8.8.4.0/24");
    CHECK_EQ_STR(norm("1.2.3.0/33"), "reject: CIDR prefix length out of range (0..32)");
    CHECK_EQ_STR(norm("2001:db8::/129"), "reject: CIDR prefix length out of range (0..128)");
    CHECK_EQ_STR(as(KQ_IOC_CIDR, "1.2.3.0/"), "reject: invalid CIDR prefix length");
    CHECK_EQ_STR(as(KQ_IOC_CIDR, "1.2.3.0/1024"), "reject: invalid CIDR prefix length");
    CHECK_EQ_STR(as(KQ_IOC_CIDR, "evil.com"), "reject: CIDR without a prefix length (/n)");
    CHECK_EQ_STR(norm("010.0.0.0/8"), "reject: IPv4 octet with a leading zero: ambiguous (octal or decimal)");
    CHECK_EQ_STR(norm("10.0.0.0/8"), "reject: private address (RFC 1918): would match internal traffic");
    CHECK_EQ_STR(norm("192.168.4.0/22"), "reject: private address (RFC 1918): would match internal traffic");
    CHECK_EQ_STR(norm("0.0.0.0/0"),
                 "reject: range includes private or reserved addresses: would match internal traffic");
    CHECK_EQ_STR(norm("172.0.0.0/8"),
                 "reject: range includes private or reserved addresses: would match internal traffic");
    CHECK_EQ_STR(norm("::/0"), "reject: range includes private or reserved addresses: would match internal traffic");
    CHECK_EQ_STR(norm("fe80::/64"), "reject: link-local address (fe80::/10): would match internal traffic");
}

static void test_urls(void)
{
    CHECK_EQ_STR(norm("hxxps://evil[.]com/path"), "url https://evil.com/path");
    CHECK_EQ_STR(norm("hXXp://evil(.)com/gate.php?id=1"), "url http://evil.com/gate.php?id=1");
    CHECK_EQ_STR(norm("HTTP://EVIL.COM"), "url http://evil.com/");
    CHECK_EQ_STR(norm("http://evil.com?q=1"), "url http://evil.com/?q=1");
    CHECK_EQ_STR(norm("http://evil.com#top"), "url http://evil.com/#top");
    CHECK_EQ_STR(norm("http://evil.com:80/a"), "url http://evil.com/a");
    CHECK_EQ_STR(norm("https://evil.com:443"), "url https://evil.com/");
    CHECK_EQ_STR(norm("ftp://files.evil.com:21/x"), "url ftp://files.evil.com/x");
    CHECK_EQ_STR(norm("https://evil.com:80/"), "url https://evil.com:80/ port 80");
    CHECK_EQ_STR(norm("http://evil.com:8080/A/B?C=D#E"), "url http://evil.com:8080/A/B?C=D#E port 8080");
    CHECK_EQ_STR(norm("http://evil.com:/x"), "url http://evil.com/x");
    CHECK_EQ_STR(norm("http://User:Pass@EVIL.com/x"), "url http://User:Pass@evil.com/x");
    CHECK_EQ_STR(norm("http://evil.com./x"), "url http://evil.com/x");
    CHECK_EQ_STR(norm("HXXP://EVIL[.]COM/A%20B"), "url http://evil.com/A%20B");
    CHECK_EQ_STR(norm("http://b\xC3\xBC" "cher.de/Stra\xC3\x9F" "e"), "url http://xn--bcher-kva.de/Stra\xC3\x9F" "e");
    CHECK_EQ_STR(norm("http://[2001:DB8::1]:8443/x"), "url http://[2001:db8::1]:8443/x port 8443");
    CHECK_EQ_STR(norm("http://192.168.1.5:43210/Mozi.m"), "url http://192.168.1.5:43210/Mozi.m port 43210");
    CHECK_EQ_STR(norm("tcp://1.2.3.4:4444"), "url tcp://1.2.3.4:4444/ port 4444");
    CHECK_EQ_STR(as(KQ_IOC_DOMAIN, "http://evil.com/x"), "url http://evil.com/x");
    CHECK_EQ_STR(as(KQ_IOC_URL, "evil.com"), "domain evil.com");
    CHECK_EQ_STR(as(KQ_IOC_URL, "1.2.3.4:80"), "ipv4 1.2.3.4 port 80");
}

static void test_url_rejects(void)
{
    /* a feed's URL without a scheme is a host and a path: http:// (ESET's MISP events write them
     * so); what has no host before its path stays a reject */
    CHECK_EQ_STR(as(KQ_IOC_URL, "evil.com/x"), "url http://evil.com/x");
    CHECK_EQ_STR(as(KQ_IOC_URL, "speed.wlaspsd[.]com/vip.js"), "url http://speed.wlaspsd.com/vip.js");
    CHECK_EQ_STR(as(KQ_IOC_URL, "1.2.3.4:8080/x"), "url http://1.2.3.4:8080/x port 8080");
    CHECK_EQ_STR(as(KQ_IOC_URL, "/x/y"), "reject: URL without a scheme (\"://\")");
    CHECK_EQ_STR(as(KQ_IOC_URL, "intranet/x"), "reject: URL without a scheme (\"://\")");
    CHECK_EQ_STR(norm("http:///x"), "reject: URL without a host");
    CHECK_EQ_STR(norm("http://user@/x"), "reject: URL without a host");
    CHECK_EQ_STR(norm("http://evil..com/"), "reject: empty label in domain name");
    CHECK_EQ_STR(norm("http://intranet/x"), "reject: single-label name: not a domain");
    CHECK_EQ_STR(norm("http://ev il.com/"), "reject: invalid character in domain name");
    CHECK_EQ_STR(norm("http://evil.com:99999/"), "reject: port out of range (1..65535)");
    CHECK_EQ_STR(norm("http://evil.com:8o/"), "reject: invalid port");
    CHECK_EQ_STR(norm("http://[::1/x"), "reject: invalid IPv6 address");
    CHECK_EQ_STR(norm("http://[]/x"), "reject: invalid IPv6 address");
    CHECK_EQ_STR(norm("http://010.1.1.1/x"), "reject: IPv4 octet with a leading zero: ambiguous (octal or decimal)");
    CHECK_EQ_STR(norm("http://localhost:8080/x"), "reject: localhost: would match local traffic");
}

#define MD5_EMPTY "d41d8cd98f00b204e9800998ecf8427e"
#define SHA1_EMPTY "da39a3ee5e6b4b0d3255bfef95601890afd80709"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void test_hashes(void)
{
    CHECK_EQ_STR(norm(MD5_EMPTY), "md5 " MD5_EMPTY);
    CHECK_EQ_STR(norm("D41D8CD98F00B204E9800998ECF8427E"), "md5 " MD5_EMPTY);
    CHECK_EQ_STR(norm(SHA1_EMPTY), "sha1 " SHA1_EMPTY);
    CHECK_EQ_STR(norm(SHA256_EMPTY), "sha256 " SHA256_EMPTY);
    CHECK_EQ_STR(norm("  '" SHA256_EMPTY "',"), "sha256 " SHA256_EMPTY);
    CHECK_EQ_STR(norm("MD5:" MD5_EMPTY), "md5 " MD5_EMPTY);
    CHECK_EQ_STR(norm("sha256:" SHA256_EMPTY), "sha256 " SHA256_EMPTY);
    CHECK_EQ_STR(as(KQ_IOC_MD5, SHA256_EMPTY), "sha256 " SHA256_EMPTY); /* the length decides */
    CHECK_EQ_STR(as(KQ_IOC_SHA256, "sha1:" MD5_EMPTY), "md5 " MD5_EMPTY);
    CHECK_EQ_STR(as(KQ_IOC_SHA1, "d41d8cd98f00b204e9800998ecf8427"), "reject: hash of unknown length 31");
    CHECK_EQ_STR(norm("d41d8cd98f00b204e9800998ecf8427"), "reject: hash of unknown length 31");
    CHECK_EQ_STR(norm(SHA256_EMPTY SHA256_EMPTY), "reject: hash of unknown length 128");
    CHECK_EQ_STR(norm(SHA256_EMPTY SHA256_EMPTY "00"), "reject: hash of unknown length (over 128 hex digits)");
    CHECK_EQ_STR(as(KQ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427g"), "reject: not a hexadecimal hash");
    CHECK_EQ_STR(norm("md5:d41d8cd98f00b204-e9800998ecf8427e"), "reject: not a hexadecimal hash");
    CHECK_EQ_STR(as(KQ_IOC_MD5, "md5:"), "reject: empty hash");
    CHECK_EQ_STR(as(KQ_IOC_SHA256, "evil.com"), "reject: not a hexadecimal hash");
    /* the reason text is static: an earlier one is not overwritten by a later call */
    const char *r31, *r33;
    int port;
    kq_ioc_normalize(KQ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427", 31, &out, &port, &r31);
    kq_ioc_normalize(KQ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427ee", 33, &out, &port, &r33);
    CHECK_EQ_STR(r31, "hash of unknown length 31");
    CHECK_EQ_STR(r33, "hash of unknown length 33");
}

static void test_emails(void)
{
    CHECK_EQ_STR(norm("User.Name+tag@EVIL.COM"), "email User.Name+tag@evil.com");
    CHECK_EQ_STR(norm("user[at]evil[.]com"), "email user@evil.com");
    CHECK_EQ_STR(norm("bob(at)mail.evil.com."), "email bob@mail.evil.com");
    CHECK_EQ_STR(norm("user@b\xC3\xBC" "cher.de"), "email user@xn--bcher-kva.de");
    CHECK_EQ_STR(norm("mailto:Billing@Evil.com"), "email Billing@evil.com");
    CHECK_EQ_STR(norm("http://user@evil.com@x.com/"), "url http://user@evil.com@x.com/");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "evil.com"), "reject: not an e-mail address (no @)");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "@evil.com"), "reject: e-mail address without a local part");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "a@b@evil.com"), "reject: not an e-mail address (more than one @)");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "john doe@evil.com"), "reject: white space in e-mail local part");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@evil.com"),
                 "reject: e-mail local part longer than 64 bytes");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "root@localhost"), "reject: localhost: would match local traffic");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "user@evil"), "reject: single-label name: not a domain");
    CHECK_EQ_STR(as(KQ_IOC_EMAIL, "user@"), "reject: empty domain name");
}

static void test_filenames(void)
{
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "remus.exe"), "filename remus.exe");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "C:\\Users\\Bob\\AppData\\Roaming\\Remus.EXE"), "filename Remus.EXE");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "/tmp/.x/kinsing"), "filename kinsing");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "\\\\server\\share\\a b.dll"), "filename a b.dll");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "  \"Invoice (at) home.pdf\", "), "filename Invoice (at) home.pdf");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "evil[.]js"), "filename evil[.]js"); /* names are not refanged */
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "inv\xC3\xB6ice.doc"), "filename inv\xC3\xB6ice.doc");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "C:\\dir\\"), "reject: empty file name");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "C:\\dir\\ \"remus.exe\""), "filename remus.exe");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "."), "reject: not a file name (\".\" or \"..\")");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "/tmp/.."), "reject: not a file name (\".\" or \"..\")");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, " "), "reject: empty value");
}

static void test_hostile_values(void)
{
    CHECK_EQ_STR(norm(""), "reject: empty value");
    CHECK_EQ_STR(norm(" \t\"\" , "), "reject: empty value");
    CHECK_EQ_STR(outcome_n(KQ_IOC_NONE, NULL, 0), "reject: empty value");
    CHECK_EQ_STR(outcome_n(KQ_IOC_DOMAIN, "evil\0.com", 9), "reject: control character in value");
    CHECK_EQ_STR(outcome_n(KQ_IOC_NONE, "evil.com\0", 9), "reject: control character in value");
    CHECK_EQ_STR(norm("evil\n.com"), "reject: control character in value");
    CHECK_EQ_STR(norm("evil.com\x7f"), "reject: control character in value");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "a\x1b[31mb.exe"), "reject: control character in value");
    CHECK_EQ_STR(norm("\xC2\x85" "evil.com"), "reject: control character in value");
    CHECK_EQ_STR(norm("\xff\xfe.com"), "reject: invalid UTF-8 in value");
    CHECK_EQ_STR(norm("evil\xC0\xAE" "com"), "reject: invalid UTF-8 in value");
    CHECK_EQ_STR(norm("b\xC3" "cher.de"), "reject: invalid UTF-8 in value");
    CHECK_EQ_STR(as(KQ_IOC_FILENAME, "\xED\xA0\x80.exe"), "reject: invalid UTF-8 in value");
    CHECK_EQ_STR(norm("evil.com\xE2\x80\xAE"), "reject: not a valid internationalised domain name (IDNA)");
    CHECK_EQ_STR(as((kq_ioc_type)99, "evil.com"), "reject: unknown indicator type");
    CHECK_EQ_STR(as(KQ_IOC__COUNT, "evil.com"), "reject: unknown indicator type");
    CHECK_EQ_INT(kq_ioc_normalize(KQ_IOC_NONE, "1.2.3.4:80", 10, &out, NULL, NULL), KQ_IOC_IPV4);
    CHECK_EQ_INT(kq_ioc_normalize(KQ_IOC_NONE, "10.0.0.1", 8, &out, NULL, NULL), KQ_IOC_NONE);
    CHECK_EQ_STR(norm("just some words"), "reject: not a domain, URL, IP address, CIDR, hash or e-mail address");

    /* 2048 bytes are accepted, 2049 are not */
    char *url = malloc(2050);
    memcpy(url, "http://evil.com/", 16);
    memset(url + 16, 'a', 2048 - 16);
    url[2048] = 0;
    CHECK(strncmp(norm(url), "url http://evil.com/aaaa", 24) == 0);
    url[2048] = 'a';
    url[2049] = 0;
    CHECK_EQ_STR(norm(url), "reject: value longer than 2048 bytes");
    free(url);

    /* a megabyte of defanged dots, and of bare separators */
    size_t big = 1 << 20;
    char *junk = malloc(big);
    for (size_t i = 0; i < big; i++) junk[i] = "[.]"[i % 3];
    CHECK_EQ_STR(outcome_n(KQ_IOC_NONE, junk, big), "reject: value longer than 2048 bytes");
    memset(junk, ':', big);
    CHECK_EQ_STR(outcome_n(KQ_IOC_IPV6, junk, big), "reject: value longer than 2048 bytes");
    free(junk);
}

/* Generated values built from the characters that matter to the parsers: whatever the bytes and
 * the hint, every call keeps the promises of the API. */
static void test_generated_values(void)
{
    static const char alphabet[] = "hxps[](){}.:/@\\ dotaAX019fF-_%?#\"',\t\0\x01\xc3\xbc\xff";
    static const char *const pieces[] = {
        "hxxp", "[.]", "[:]", "://", "xn--", "1.2.3.4", "::", "[::1]", "/24", "@", ":80", "evil.com",
        "\xC3\xBC", "localhost", "0", "255", "md5:", SHA1_EMPTY,
    };
    uint32_t seed = 12345;
    int kept = 0, failures = 0;
    char value[96];
    for (int round = 0; round < 30000; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t parts = (seed >> 16) % 6;
        for (size_t p = 0; p < parts; p++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 2) {
                const char *piece = pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
                size_t len = strlen(piece);
                if (n + len > sizeof value) break;
                memcpy(value + n, piece, len);
                n += len;
            } else if (n < sizeof value) {
                value[n++] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
            }
        }
        kq_ioc_type hint = (kq_ioc_type)(round % KQ_IOC__COUNT);
        int port = -1;
        const char *reason = "(unset)";
        kq_ioc_type t = kq_ioc_normalize(hint, value, n, &out, &port, &reason);
        const char *broken = broken_promise(t, &out, port, reason);
        if (broken) {
            if (failures++ < 5) fprintf(stderr, "generated value %d (%zu bytes): %s\n", round, n, broken);
        }
        kept += t != KQ_IOC_NONE;
    }
    CHECK_EQ_INT(failures, 0);
    CHECK(kept > 100);
}

int main(void)
{
    kq_buf_init(&out);
    test_refang_schemes();
    test_refang_tokens();
    test_refang_trim_and_keep();
    test_detect();
    test_domains();
    test_domain_rejects();
    test_ipv4();
    test_ipv4_reserved();
    test_ipv6();
    test_cidr();
    test_urls();
    test_url_rejects();
    test_hashes();
    test_emails();
    test_filenames();
    test_hostile_values();
    test_generated_values();
    kq_buf_free(&out);
    return check_report("normalize");
}
