/*
 * dns_pairing.h - DNS transactions made from the messages of a capture, paired the way Zeek's
 * dns.log pairs them: a query waits for the response with the same client, server, transport and
 * transaction id (the oldest waiting query gets the first response), and a response seen first
 * waits for its query. A message that finds no partner within KQ_DNS_PAIRING_WINDOW of capture
 * time, or while KQ_DNS_PAIRING_MAX others wait, becomes a transaction of its own: an unanswered
 * query, or a response without a query. Memory is bounded by those two limits.
 */
#ifndef KQ_DNS_PAIRING_H
#define KQ_DNS_PAIRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"

#define KQ_DNS_PAIRING_WINDOW (60 * 10000000LL) /* ticks: 60 s, Zeek's UDP inactivity timeout */
#define KQ_DNS_PAIRING_MAX 65536                /* messages waiting for a partner */

/* One message of a transaction, copied out of its packet. */
typedef struct kq_dns_side {
    bool seen;
    int64_t ts;       /* ticks */
    int64_t packet;   /* 1-based number of its packet in the capture */
    uint8_t *bytes;   /* the DNS message (owned by the pairing, reused) */
    size_t len, cap;
} kq_dns_side;

typedef struct kq_dns_transaction kq_dns_transaction;
struct kq_dns_transaction {
    kq_endpoint client, server; /* Zeek's originator and responder */
    uint8_t proto;              /* KQ_IPPROTO_UDP or KQ_IPPROTO_TCP */
    uint16_t trans_id;
    int64_t ts;                 /* when its first message was seen */
    kq_dns_side query, response;
    kq_dns_transaction *chain;  /* the pairing's lists */
    kq_dns_transaction *older, *newer;
};

/* A message to pair: whose it is and when it was seen. */
typedef struct kq_dns_message_info {
    kq_endpoint client, server;
    uint8_t proto;
    uint16_t trans_id;
    bool is_query;
    int64_t ts, packet;
} kq_dns_message_info;

typedef struct kq_dns_pairing kq_dns_pairing;

kq_dns_pairing *kq_dns_pairing_new(void);
void kq_dns_pairing_free(kq_dns_pairing *p);
/* Forgets every transaction (waiting or completed), keeping the memory for reuse. */
void kq_dns_pairing_clear(kq_dns_pairing *p);
/* Pairs a message (copied) with a waiting one, or makes it wait. */
void kq_dns_pairing_add(kq_dns_pairing *p, const kq_dns_message_info *m, const uint8_t *msg, size_t len);
/* Completes what has waited longer than the window at capture time now. */
void kq_dns_pairing_expire(kq_dns_pairing *p, int64_t now);
/* The end of the capture: everything waiting is complete. */
void kq_dns_pairing_finish(kq_dns_pairing *p);
/* The next completed transaction, in the order they completed, or NULL. It stays valid until the
 * next call of any kq_dns_pairing function. */
const kq_dns_transaction *kq_dns_pairing_next(kq_dns_pairing *p);

#endif
