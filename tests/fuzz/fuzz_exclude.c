/*
 * fuzz_exclude.c - libFuzzer harness: the input is an exclusions YAML file or a MISP warninglist.
 *
 * The first byte chooses, the rest is the file's content. Even: the content is written to a
 * temporary file (mkstemp in /tmp) and loaded with kq_exclusions_load; every rule's texts are
 * read and kq_exclusion_applies is asked about a few tables. Odd: the content is written as
 * list.json in a temporary directory (mkdtemp in /tmp), loaded with kq_warninglists_load, the
 * lists' accessors are read, and kq_warninglists_match is asked about fixed indicators of every
 * type. The temporary files are removed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hunt/exclude.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tables[] = {"SecurityEvent", "DeviceProcessEvents", "DnsEvents", ""};

/* Canonical indicator values, as kq_ioc_normalize writes them, a few of each type. */
static const kq_indicator probes[] = {
    {.type = KQ_IOC_DOMAIN, .value = "google.com"},
    {.type = KQ_IOC_DOMAIN, .value = "www.google.com"},
    {.type = KQ_IOC_DOMAIN, .value = "avsvmcloud.com"},
    {.type = KQ_IOC_DOMAIN, .value = "xn--bcher-kva.example"},
    {.type = KQ_IOC_URL, .value = "https://drive.google.com/file/d/abc/view?usp=sharing"},
    {.type = KQ_IOC_URL, .value = "http://user@evil.example:8080/gate.php"},
    {.type = KQ_IOC_URL, .value = "http://[2001:db8::1]:8443/"},
    {.type = KQ_IOC_URL, .value = "ftp://1.2.3.4/"},
    {.type = KQ_IOC_IPV4, .value = "8.8.8.8"},
    {.type = KQ_IOC_IPV4, .value = "10.1.2.3"},
    {.type = KQ_IOC_IPV4, .value = "255.255.255.255"},
    {.type = KQ_IOC_IPV4, .value = "0.0.0.0"},
    {.type = KQ_IOC_IPV6, .value = "2001:db8::1"},
    {.type = KQ_IOC_IPV6, .value = "::ffff:203.0.113.5"},
    {.type = KQ_IOC_IPV6, .value = "2606:4700::6810:84e5"},
    {.type = KQ_IOC_CIDR, .value = "8.8.8.0/24"},
    {.type = KQ_IOC_CIDR, .value = "0.0.0.0/0"},
    {.type = KQ_IOC_CIDR, .value = "2001:db8::/32"},
    {.type = KQ_IOC_CIDR, .value = "::/0"},
    {.type = KQ_IOC_MD5, .value = "44d88612fea8a8f36de82e1278abb02f"},
    {.type = KQ_IOC_MD5, .value = "d41d8cd98f00b204e9800998ecf8427e"},
    {.type = KQ_IOC_SHA1, .value = "3395856ce81f2b7382dee72602f798b642f14140"},
    {.type = KQ_IOC_SHA1, .value = "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    {.type = KQ_IOC_SHA256, .value = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"},
    {.type = KQ_IOC_SHA256, .value = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {.type = KQ_IOC_EMAIL, .value = "user@mail.google.com"},
    {.type = KQ_IOC_EMAIL, .value = "a.b+c@xn--bcher-kva.example"},
    {.type = KQ_IOC_FILENAME, .value = "remus.exe"},
    {.type = KQ_IOC_FILENAME, .value = "svchost.exe"},
};

/* Writes data to the open descriptor fd and closes it; 0 on success. */
static int write_all(int fd, const uint8_t *data, size_t size)
{
    size_t off = 0;
    while (off < size) {
        ssize_t n = write(fd, data + off, size - off);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)n;
    }
    return close(fd);
}

static void run_exclusions(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/kq-fuzz-exclude-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return;
    if (write_all(fd, data, size) == 0) {
        kq_exclusions x;
        kq_error err = {0};
        kq_exclusions_init(&x);
        if (kq_exclusions_load(&x, path, &err) == 0) {
            for (size_t i = 0; i < x.n; i++) {
                const kq_exclusion_rule *r = &x.rules[i];
                (void)strlen(r->name);
                (void)strlen(r->scenario);
                (void)strlen(r->reason);
                (void)strlen(r->where);
                (void)strlen(r->file);
                for (const char **t = r->tables; t && *t; t++)
                    (void)strlen(*t);
                for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++)
                    (void)kq_exclusion_applies(r, tables[k]);
            }
        }
        kq_exclusions_free(&x);
    }
    unlink(path);
}

static void run_warninglist(const uint8_t *data, size_t size)
{
    char dir[] = "/tmp/kq-fuzz-wl-XXXXXX";
    if (!mkdtemp(dir))
        return;
    char path[sizeof dir + sizeof "/list.json"];
    snprintf(path, sizeof path, "%s/list.json", dir);
    FILE *f = fopen(path, "wb");
    if (f) {
        size_t wrote = size ? fwrite(data, 1, size, f) : 0;
        if (fclose(f) == 0 && wrote == size) {
            kq_warninglists w;
            kq_error err = {0};
            kq_warninglists_init(&w);
            if (kq_warninglists_load(&w, path, &err) == 0) {
                for (size_t i = 0; i < w.n; i++) {
                    const kq_warninglist *l = w.lists[i];
                    (void)strlen(kq_warninglist_name(l));
                    (void)strlen(kq_warninglist_id(l));
                    (void)strlen(kq_warninglist_description(l));
                    (void)kq_warninglist_kind_of(l);
                    (void)kq_warninglist_size(l);
                }
                for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
                    (void)kq_warninglists_match(&w, &probes[i]);
            }
            kq_warninglists_free(&w);
        }
        unlink(path);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    if (data[0] & 1)
        run_warninglist(data + 1, size - 1);
    else
        run_exclusions(data + 1, size - 1);
    return 0;
}
