/*
 * dns_pairing.c - pairing DNS queries with their responses (see dns_pairing.h). Waiting
 * transactions sit in a hash table by (client, server, transport, transaction id) and in a list
 * by age, which is what expires first; completed ones queue in completion order. Transactions
 * and their message buffers are recycled through a free list, so a long capture allocates only
 * while the number waiting grows.
 */
#include "dns_pairing.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"

#define BUCKETS 65536u              /* a power of two, KQ_DNS_PAIRING_MAX or more */
#define KEPT_MESSAGE_BYTES 4096u    /* a recycled buffer larger than this is given back */

/* A list of transactions, oldest first, linked through older/newer. */
typedef struct txn_list {
    kq_dns_transaction *oldest, *newest;
} txn_list;

struct kq_dns_pairing {
    kq_dns_transaction **buckets; /* waiting transactions, chained newest first; NULL until used */
    txn_list waiting;             /* by age */
    size_t nwaiting;
    txn_list completed;
    kq_dns_transaction *handed_out; /* returned by the last kq_dns_pairing_next */
    kq_dns_transaction *free_list;  /* chained through 'chain' */
};

kq_dns_pairing *kq_dns_pairing_new(void)
{
    return kq_xcalloc(1, sizeof(kq_dns_pairing));
}

static void list_append(txn_list *l, kq_dns_transaction *t)
{
    t->newer = NULL;
    t->older = l->newest;
    if (l->newest) l->newest->newer = t;
    else l->oldest = t;
    l->newest = t;
}

static void list_remove(txn_list *l, kq_dns_transaction *t)
{
    if (t->older) t->older->newer = t->newer;
    else l->oldest = t->newer;
    if (t->newer) t->newer->older = t->older;
    else l->newest = t->older;
    t->older = t->newer = NULL;
}

static void release_side(kq_dns_side *s)
{
    if (s->cap > KEPT_MESSAGE_BYTES) {
        free(s->bytes);
        s->bytes = NULL;
        s->cap = 0;
    }
    s->seen = false;
    s->len = 0;
}

static void recycle(kq_dns_pairing *p, kq_dns_transaction *t)
{
    release_side(&t->query);
    release_side(&t->response);
    t->chain = p->free_list;
    p->free_list = t;
}

static void free_chain(kq_dns_transaction *t, bool through_newer)
{
    while (t) {
        kq_dns_transaction *next = through_newer ? t->newer : t->chain;
        free(t->query.bytes);
        free(t->response.bytes);
        free(t);
        t = next;
    }
}

void kq_dns_pairing_free(kq_dns_pairing *p)
{
    if (!p) return;
    free_chain(p->waiting.oldest, true);
    free_chain(p->completed.oldest, true);
    free_chain(p->handed_out, true);
    free_chain(p->free_list, false);
    free(p->buckets);
    free(p);
}

void kq_dns_pairing_clear(kq_dns_pairing *p)
{
    while (p->waiting.oldest) {
        kq_dns_transaction *t = p->waiting.oldest;
        list_remove(&p->waiting, t);
        recycle(p, t);
    }
    while (p->completed.oldest) {
        kq_dns_transaction *t = p->completed.oldest;
        list_remove(&p->completed, t);
        recycle(p, t);
    }
    if (p->handed_out) recycle(p, p->handed_out);
    p->handed_out = NULL;
    p->nwaiting = 0;
    if (p->buckets) memset(p->buckets, 0, BUCKETS * sizeof *p->buckets);
}

static uint32_t hash_bytes(uint64_t h, const void *data, size_t n)
{
    const uint8_t *b = data;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
    return (uint32_t)(h ^ h >> 32);
}

static uint32_t bucket_of(const kq_endpoint *client, const kq_endpoint *server, uint8_t proto, uint16_t id)
{
    uint8_t key[2 * (16 + 3) + 3];
    size_t n = 0;
    const kq_endpoint *ends[2] = {client, server};
    for (int i = 0; i < 2; i++) {
        key[n++] = ends[i]->family;
        memcpy(key + n, ends[i]->addr, 16);
        n += 16;
        key[n++] = (uint8_t)(ends[i]->port >> 8);
        key[n++] = (uint8_t)ends[i]->port;
    }
    key[n++] = proto;
    key[n++] = (uint8_t)(id >> 8);
    key[n++] = (uint8_t)id;
    return hash_bytes(0xcbf29ce484222325ULL, key, n) & (BUCKETS - 1);
}

static bool same_endpoint(const kq_endpoint *a, const kq_endpoint *b)
{
    return a->family == b->family && a->port == b->port && memcmp(a->addr, b->addr, 16) == 0;
}

static bool same_key(const kq_dns_transaction *t, const kq_dns_message_info *m)
{
    return t->trans_id == m->trans_id && t->proto == m->proto && same_endpoint(&t->client, &m->client) &&
           same_endpoint(&t->server, &m->server);
}

static void unchain(kq_dns_pairing *p, kq_dns_transaction *t)
{
    kq_dns_transaction **at = &p->buckets[bucket_of(&t->client, &t->server, t->proto, t->trans_id)];
    while (*at && *at != t) at = &(*at)->chain;
    if (*at) *at = t->chain;
    t->chain = NULL;
}

/* A waiting transaction is complete: off the table, onto the queue. */
static void complete(kq_dns_pairing *p, kq_dns_transaction *t)
{
    unchain(p, t);
    list_remove(&p->waiting, t);
    p->nwaiting--;
    list_append(&p->completed, t);
}

static void copy_side(kq_dns_side *s, const kq_dns_message_info *m, const uint8_t *msg, size_t len)
{
    if (s->cap < len) {
        free(s->bytes);
        s->bytes = kq_xmalloc(len);
        s->cap = len;
    }
    if (len) memcpy(s->bytes, msg, len);
    s->len = len;
    s->seen = true;
    s->ts = m->ts;
    s->packet = m->packet;
}

/* The oldest waiting transaction of m's key that lacks m's side. */
static kq_dns_transaction *partner_of(kq_dns_pairing *p, const kq_dns_message_info *m)
{
    kq_dns_transaction *found = NULL;
    for (kq_dns_transaction *t = p->buckets[bucket_of(&m->client, &m->server, m->proto, m->trans_id)]; t;
         t = t->chain) {
        bool lacks = m->is_query ? !t->query.seen : !t->response.seen;
        if (lacks && same_key(t, m)) found = t; /* chains run newest first: the last match is the oldest */
    }
    return found;
}

static kq_dns_transaction *new_waiting(kq_dns_pairing *p, const kq_dns_message_info *m)
{
    if (p->nwaiting >= KQ_DNS_PAIRING_MAX) complete(p, p->waiting.oldest);
    kq_dns_transaction *t = p->free_list;
    if (t) p->free_list = t->chain;
    else t = kq_xcalloc(1, sizeof *t);
    t->client = m->client;
    t->server = m->server;
    t->proto = m->proto;
    t->trans_id = m->trans_id;
    t->ts = m->ts;
    uint32_t b = bucket_of(&m->client, &m->server, m->proto, m->trans_id);
    t->chain = p->buckets[b];
    p->buckets[b] = t;
    list_append(&p->waiting, t);
    p->nwaiting++;
    return t;
}

void kq_dns_pairing_add(kq_dns_pairing *p, const kq_dns_message_info *m, const uint8_t *msg, size_t len)
{
    if (!p->buckets) p->buckets = kq_xcalloc(BUCKETS, sizeof *p->buckets);
    kq_dns_transaction *t = partner_of(p, m);
    if (!t) t = new_waiting(p, m);
    copy_side(m->is_query ? &t->query : &t->response, m, msg, len);
    if (t->query.seen && t->response.seen) complete(p, t);
}

void kq_dns_pairing_expire(kq_dns_pairing *p, int64_t now)
{
    while (p->waiting.oldest && now - p->waiting.oldest->ts > KQ_DNS_PAIRING_WINDOW)
        complete(p, p->waiting.oldest);
}

void kq_dns_pairing_finish(kq_dns_pairing *p)
{
    while (p->waiting.oldest) complete(p, p->waiting.oldest);
}

const kq_dns_transaction *kq_dns_pairing_next(kq_dns_pairing *p)
{
    if (p->handed_out) recycle(p, p->handed_out);
    p->handed_out = p->completed.oldest;
    if (p->handed_out) list_remove(&p->completed, p->handed_out);
    return p->handed_out;
}
