/*
 * normalize.h - indicator hygiene: refanging defanged values, detecting what a value is, and
 * bringing it to the one canonical text the hunts compare against.
 *
 *   refang:     hxxp/hXXp/hxxps/hXXps/hxxp[s] -> http/https, fxp -> ftp, [.] (.) {.} [dot] (dot)
 *               {dot} " dot " \. -> ".", [:]// [://] -> "://", [:] -> ":", [@] (@) [at] (at) -> "@",
 *               [/] -> "/", spaces around them (file names are only trimmed, never refanged)
 *   domain:     lower case, no trailing dot, IDN (UTF-8) -> punycode (libidn2), labels checked;
 *               "host:port" gives the port; localhost and single-label names rejected
 *   url:        scheme and host lower case, host punycoded, default port dropped, "" path -> "/"
 *   ip:         "ip:port" / "[v6]:port" split (port returned), IPv4 dotted quad, IPv6 RFC 5952;
 *               private, loopback, link-local, multicast and reserved addresses rejected
 *   cidr:       host bits cleared ("1.2.3.4/24" -> "1.2.3.0/24"), prefix 0..32 / 0..128 (a /32 or
 *               /128 becomes an IP); a range in or holding reserved space is rejected
 *   hash:       lower-case hex ("md5:"/"sha1:"/"sha256:" dropped); type by length (32 md5, 40 sha1,
 *               64 sha256), whatever the hint
 *   email:      local part kept ("mailto:" dropped), domain part as a domain
 *   filename:   the base name of a Windows or POSIX path ("remus.exe"), case kept
 */
#ifndef KQ_HUNT_NORMALIZE_H
#define KQ_HUNT_NORMALIZE_H

#include <stddef.h>

#include "../base/buf.h"
#include "indicator.h"

/* Refangs [in, in+n) into out (cleared first, NUL-terminated); also trims surrounding white space,
 * quotes, a trailing comma, and no-break/zero-width spaces and byte order marks. */
void kq_ioc_refang(const char *in, size_t n, kq_buf *out);

/* Detects the type of an already refanged value (KQ_IOC_NONE when it is none of them). A name
 * whose last label is a file extension that is no top-level domain ("remus.exe") is not taken for
 * a domain: it is a file name (KQ_IOC_FILENAME), unless it has a port or a trailing dot; other file
 * names (without such an extension, or with a path) are not guessed. */
kq_ioc_type kq_ioc_detect(const char *s, size_t n);

/* Refangs and normalises [in, in+n) as `hint` (KQ_IOC_NONE: detect). On success returns the type
 * (which may differ from the hint in benign ways: a "domain" that is an IP address becomes
 * KQ_IOC_IPV4, a "domain" that is a URL or CIDR stays one, an IP hint takes the IP version or CIDR
 * the value is, a "url" that is a bare domain or IP becomes one, a /32 CIDR becomes an IP,
 * "ip:port" becomes the IP with *port set), fills out with the canonical text (cleared first,
 * NUL-terminated) and *port (0 if none), and sets *reason to NULL. On failure returns
 * KQ_IOC_NONE, leaves out empty and *port 0, and sets *reason to a short static text ("empty
 * value", "invalid character in domain name", "hash of unknown length 31", "invalid IPv4
 * address", ...). port and reason may be NULL. */
kq_ioc_type kq_ioc_normalize(kq_ioc_type hint, const char *in, size_t n, kq_buf *out, int *port,
                             const char **reason);

#endif
