/*
 * views.c - the built-in views: Sentinel tables written in KQL over the raw tables that the
 * readers produce. They are compiled into the binary, listed by `kq tables`, and a user can
 * replace one with kq_engine_define_view (CLI: --view NAME=FILE.kql).
 *
 * DnsEvents over ZeekDns (Zeek dns.log, TSV or JSON):
 *   TimeGenerated = ts, Computer = the responder (id.resp_h: the DNS server that answered),
 *   ClientIP = id.orig_h, Name = query, QueryType = qtype_name,
 *   ResultCode = rcode, Result = Success when rcode is 0 (Failure otherwise, empty when the
 *   query got no answer), IPAddresses = answers joined with ",", SubType = "LookupQuery",
 *   EventId = 0 (Zeek has none), Type = "DnsEvents", plus the Zeek uid as an extra column.
 */
#include <string.h>

#include "catalog.h"

static const kq_builtin_view views[] = {
    {"DnsEvents", "ZeekDns",
     "ZeekDns\n"
     "| project TimeGenerated = ts,\n"
     "          Computer = ['id.resp_h'],\n"
     "          EventId = 0,\n"
     "          SubType = 'LookupQuery',\n"
     "          ClientIP = ['id.orig_h'],\n"
     "          Name = query,\n"
     "          IPAddresses = strcat_array(answers, ','),\n"
     "          QueryType = qtype_name,\n"
     "          Result = case(isnull(rcode), '', rcode == 0, 'Success', 'Failure'),\n"
     "          ResultCode = toint(rcode),\n"
     "          Type = 'DnsEvents',\n"
     "          ZeekUid = uid\n"},
};

const kq_builtin_view *kq_builtin_view_find(const char *name)
{
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
        if (strcmp(views[i].name, name) == 0) return &views[i];
    return NULL;
}

int kq_builtin_view_count(void)
{
    return (int)(sizeof views / sizeof views[0]);
}

const kq_builtin_view *kq_builtin_view_at(int i)
{
    return &views[i];
}
