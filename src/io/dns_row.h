/*
 * dns_row.h - a DNS transaction as a row of Zeek's dns.log: the 24 columns, named and typed as
 * the Zeek TSV reader gives them (so a capture and a dns.log make one table, ZeekDns), and the
 * values Zeek would log for the transaction.
 */
#ifndef KQ_DNS_ROW_H
#define KQ_DNS_ROW_H

#include "dns_pairing.h"
#include "reader_impl.h"

/* Adds the columns of dns.log to the reader's schema. */
void kq_dns_row_schema(kq_reader *r);
/* NULL when a DNS message reads as a row would read it, else why it does not (a query's
 * questions, a response's questions and answer records are read; scratch is working space). */
const char *kq_dns_row_check(const uint8_t *msg, size_t len, kq_buf *scratch);
/* Fills the reader's projected values for the transaction (its messages passed kq_dns_row_check);
 * strings and arrays go to a. */
void kq_dns_row_values(kq_reader *r, const kq_dns_transaction *t, kq_value *vals, kq_arena *a);

#endif
