/*
 * test_catalog.c - unit tests of the table catalog (src/api/catalog_tables.c): every expected
 * Sentinel table is there with its connector, sample columns have the documented types,
 * unknown names (and wrong case) give NULL, kq_catalog_at agrees with the count, and no table
 * has an empty, NULL or duplicate column name.
 */
#include <stddef.h>

#include "../../src/api/catalog.h"
#include "check.h"

/* The type of column `col` of table `t`, or -1 when the column is absent. */
static int col_type(const kq_catalog_table *t, const char *col)
{
    if (!t) return -1;
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].name, col) == 0) return (int)t->cols[i].type;
    return -1;
}

#define COL(tbl, col, ty) CHECK_EQ_INT(col_type(kq_catalog_find(tbl), col), ty)

static void test_tables_present(void)
{
    static const char *names[] = {
        "DnsEvents", "ThreatIntelligenceIndicator", "SecurityEvent", "Syslog",
        "CommonSecurityLog", "DeviceProcessEvents", "DeviceNetworkEvents", "DeviceFileEvents",
        "WindowsEvent", "DeviceEvents", "SigninLogs", "AuditLogs", "OfficeActivity",
        "SecurityAlert", "AzureActivity", "AWSCloudTrail", "IdentityInfo", "CloudAppEvents",
        "Event", "EmailEvents", "BehaviorAnalytics", "AlertInfo", "AlertEvidence",
        "DeviceLogonEvents", "DeviceRegistryEvents", "DeviceImageLoadEvents", "DeviceInfo",
        "DeviceNetworkInfo", "IdentityLogonEvents", "IdentityQueryEvents",
        "IdentityDirectoryEvents", "SecurityIncident", "W3CIISLog",
        "AADNonInteractiveUserSignInLogs", "AzureDiagnostics", "Anomalies",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const kq_catalog_table *t = kq_catalog_find(names[i]);
        CHECK(t != NULL);
        if (!t) continue;
        CHECK_EQ_STR(t->name, names[i]);
        CHECK(t->connector != NULL && t->connector[0] != '\0');
        CHECK(t->ncols > 0 && t->cols != NULL);
    }
    CHECK_EQ_STR(kq_catalog_find("DnsEvents")->connector,
                 "Windows DNS Events via AMA / DNS (Preview)");
    CHECK_EQ_STR(kq_catalog_find("ThreatIntelligenceIndicator")->connector,
                 "Threat Intelligence (TAXII / Platforms / Upload)");
    CHECK_EQ_STR(kq_catalog_find("SecurityEvent")->connector, "Windows Security Events via AMA");
    CHECK_EQ_STR(kq_catalog_find("Syslog")->connector, "Syslog via AMA");
    CHECK_EQ_STR(kq_catalog_find("CommonSecurityLog")->connector,
                 "Common Event Format (CEF) via AMA");
    CHECK_EQ_STR(kq_catalog_find("DeviceProcessEvents")->connector, "Microsoft Defender XDR");
    CHECK_EQ_STR(kq_catalog_find("AuditLogs")->connector, "Microsoft Entra ID");
    CHECK_EQ_STR(kq_catalog_find("AADNonInteractiveUserSignInLogs")->connector,
                 "Microsoft Entra ID");
    CHECK_EQ_STR(kq_catalog_find("OfficeActivity")->connector,
                 "Microsoft 365 (formerly Office 365)");
    CHECK_EQ_STR(kq_catalog_find("SecurityAlert")->connector, "Microsoft Sentinel");
    CHECK_EQ_STR(kq_catalog_find("SecurityIncident")->connector, "Microsoft Sentinel");
    CHECK_EQ_STR(kq_catalog_find("Anomalies")->connector, "Microsoft Sentinel");
    CHECK_EQ_STR(kq_catalog_find("BehaviorAnalytics")->connector, "Microsoft Sentinel");
    CHECK_EQ_STR(kq_catalog_find("AzureActivity")->connector, "Azure Activity");
    CHECK_EQ_STR(kq_catalog_find("AWSCloudTrail")->connector, "Amazon Web Services");
    CHECK_EQ_STR(kq_catalog_find("IdentityInfo")->connector, "Microsoft Sentinel UEBA");
    CHECK_EQ_STR(kq_catalog_find("Event")->connector, "Windows event logs (legacy agent)");
    CHECK_EQ_STR(kq_catalog_find("W3CIISLog")->connector, "IIS logs");
    CHECK_EQ_STR(kq_catalog_find("AzureDiagnostics")->connector, "Azure diagnostics");
    CHECK_EQ_STR(kq_catalog_find("IdentityLogonEvents")->connector, "Microsoft Defender XDR");
    CHECK_EQ_STR(kq_catalog_find("EmailEvents")->connector, "Microsoft Defender XDR");
    CHECK_EQ_STR(kq_catalog_find("AlertInfo")->connector, "Microsoft Defender XDR");
    CHECK_EQ_STR(kq_catalog_find("CloudAppEvents")->connector, "Microsoft Defender XDR");
}

static void test_unknown(void)
{
    CHECK(kq_catalog_find("NoSuchTable") == NULL);
    CHECK(kq_catalog_find("") == NULL);
    CHECK(kq_catalog_find(NULL) == NULL);
    CHECK(kq_catalog_find("dnsevents") == NULL); /* table names are case-sensitive */
    CHECK(kq_catalog_find("DnsEvents ") == NULL);
    CHECK(kq_catalog_at(-1) == NULL);
    CHECK(kq_catalog_at(kq_catalog_count()) == NULL);
    COL("DnsEvents", "NoSuchColumn", -1);
}

static void test_dnsevents(void)
{
    COL("DnsEvents", "Name", KQ_T_STRING);
    COL("DnsEvents", "ResultCode", KQ_T_INT);
    COL("DnsEvents", "TimeGenerated", KQ_T_DATETIME);
    COL("DnsEvents", "ClientIP", KQ_T_STRING);
    COL("DnsEvents", "IPAddresses", KQ_T_STRING);
    COL("DnsEvents", "QueryType", KQ_T_STRING);
    COL("DnsEvents", "SubType", KQ_T_STRING);
    COL("DnsEvents", "EventId", KQ_T_INT);
    COL("DnsEvents", "Severity", KQ_T_INT);
    COL("DnsEvents", "RemoteIPLatitude", KQ_T_REAL);
    COL("DnsEvents", "TenantId", KQ_T_STRING);
    COL("DnsEvents", "_ResourceId", KQ_T_STRING);
    COL("DnsEvents", "Type", KQ_T_STRING);
    /* documented order: alphabetical, ClientIP first */
    CHECK_EQ_STR(kq_catalog_find("DnsEvents")->cols[0].name, "ClientIP");
}

static void test_tii(void)
{
    const char *t = "ThreatIntelligenceIndicator";
    COL(t, "DomainName", KQ_T_STRING);
    COL(t, "Url", KQ_T_STRING);
    COL(t, "NetworkIP", KQ_T_STRING);
    COL(t, "NetworkDestinationIP", KQ_T_STRING);
    COL(t, "FileHashValue", KQ_T_STRING);
    COL(t, "ExpirationDateTime", KQ_T_DATETIME);
    /* the Azure Monitor reference (and SCHEMAS.md) type ConfidenceScore as real, not int */
    COL(t, "ConfidenceScore", KQ_T_REAL);
    COL(t, "Active", KQ_T_BOOL);
    COL(t, "ThreatType", KQ_T_STRING);
    COL(t, "Description", KQ_T_STRING);
    COL(t, "NetworkPort", KQ_T_INT);
    COL(t, "IndicatorId", KQ_T_STRING);
    COL(t, "SourceSystem", KQ_T_STRING);
    COL(t, "TimeGenerated", KQ_T_DATETIME);
}

static void test_others(void)
{
    COL("SecurityEvent", "EventID", KQ_T_INT);
    COL("SecurityEvent", "LogonType", KQ_T_INT);
    COL("SecurityEvent", "CommandLine", KQ_T_STRING);
    COL("SecurityEvent", "TargetUserName", KQ_T_STRING);
    COL("SecurityEvent", "TimeGenerated", KQ_T_DATETIME);
    COL("Syslog", "SyslogMessage", KQ_T_STRING);
    COL("Syslog", "EventTime", KQ_T_DATETIME);
    COL("Syslog", "ProcessID", KQ_T_INT);
    COL("Syslog", "TenantId", KQ_T_STRING);
    COL("CommonSecurityLog", "DestinationPort", KQ_T_INT);
    COL("CommonSecurityLog", "ReceivedBytes", KQ_T_LONG);
    COL("CommonSecurityLog", "DeviceCustomFloatingPoint1", KQ_T_REAL);
    COL("CommonSecurityLog", "RequestURL", KQ_T_STRING);
    COL("CommonSecurityLog", "StartTime", KQ_T_DATETIME);
    COL("DeviceProcessEvents", "ProcessCommandLine", KQ_T_STRING);
    COL("DeviceProcessEvents", "ProcessId", KQ_T_LONG);
    COL("DeviceProcessEvents", "AdditionalFields", KQ_T_DYNAMIC);
    COL("DeviceProcessEvents", "ProcessCreationTime", KQ_T_DATETIME);
    COL("DeviceNetworkEvents", "RemoteUrl", KQ_T_STRING);
    COL("DeviceNetworkEvents", "RemotePort", KQ_T_INT);
    COL("DeviceNetworkEvents", "ReportId", KQ_T_LONG);
    COL("DeviceFileEvents", "FileSize", KQ_T_LONG);
    COL("DeviceFileEvents", "IsAzureInfoProtectionApplied", KQ_T_BOOL);
    COL("DeviceFileEvents", "SHA256", KQ_T_STRING);
    COL("WindowsEvent", "EventData", KQ_T_DYNAMIC);
    COL("WindowsEvent", "EventID", KQ_T_INT);
    COL("DeviceEvents", "RegistryKey", KQ_T_STRING);
    COL("SigninLogs", "Status", KQ_T_DYNAMIC);
    COL("SigninLogs", "IsInteractive", KQ_T_BOOL);
    COL("SigninLogs", "DurationMs", KQ_T_LONG);
}

static void test_new_tables(void)
{
    COL("AuditLogs", "OperationName", KQ_T_STRING);
    COL("AuditLogs", "InitiatedBy", KQ_T_DYNAMIC);
    COL("AuditLogs", "TargetResources", KQ_T_DYNAMIC);
    COL("AuditLogs", "DurationMs", KQ_T_LONG);
    COL("AuditLogs", "ActivityDateTime", KQ_T_DATETIME);
    CHECK_EQ_STR(kq_catalog_find("AuditLogs")->cols[0].name, "AADOperationType");
    COL("OfficeActivity", "Operation", KQ_T_STRING);
    COL("OfficeActivity", "CrossMailboxOperations", KQ_T_BOOL);
    COL("OfficeActivity", "LoginStatus", KQ_T_INT);
    COL("OfficeActivity", "Start_Time", KQ_T_DATETIME);
    COL("OfficeActivity", "Members", KQ_T_DYNAMIC);
    COL("SecurityAlert", "ConfidenceScore", KQ_T_REAL);
    COL("SecurityAlert", "IsIncident", KQ_T_BOOL);
    COL("SecurityAlert", "Entities", KQ_T_STRING);
    COL("SecurityAlert", "StartTime", KQ_T_DATETIME);
    COL("AzureActivity", "Properties_d", KQ_T_DYNAMIC);
    COL("AzureActivity", "OperationNameValue", KQ_T_STRING);
    COL("AzureActivity", "EventSubmissionTimestamp", KQ_T_DATETIME);
    COL("AWSCloudTrail", "EventName", KQ_T_STRING);
    COL("AWSCloudTrail", "ReadOnly", KQ_T_BOOL);
    COL("AWSCloudTrail", "SessionCreationDate", KQ_T_DATETIME);
    COL("AWSCloudTrail", "AwsRequestId_", KQ_T_STRING);
    COL("IdentityInfo", "AssignedRoles", KQ_T_DYNAMIC);
    COL("IdentityInfo", "InvestigationPriority", KQ_T_INT);
    COL("IdentityInfo", "IsAccountEnabled", KQ_T_BOOL);
    COL("IdentityInfo", "AccountUPN", KQ_T_STRING);
    COL("CloudAppEvents", "RawEventData", KQ_T_DYNAMIC);
    COL("CloudAppEvents", "ApplicationId", KQ_T_INT);
    COL("CloudAppEvents", "IsAdminOperation", KQ_T_BOOL);
    COL("CloudAppEvents", "Timestamp", KQ_T_DATETIME);
    COL("Event", "EventID", KQ_T_INT);
    COL("Event", "EventData", KQ_T_STRING);
    COL("Event", "RenderedDescription", KQ_T_STRING);
    COL("Event", "_BilledSize", KQ_T_REAL);
    COL("EmailEvents", "EmailClusterId", KQ_T_LONG);
    COL("EmailEvents", "AttachmentCount", KQ_T_INT);
    COL("EmailEvents", "SenderFromAddress", -1); /* not on the stored page */
    COL("EmailEvents", "Timestamp", KQ_T_DATETIME);
    COL("BehaviorAnalytics", "ActivityInsights", KQ_T_DYNAMIC);
    COL("BehaviorAnalytics", "TimeProcessed", KQ_T_DATETIME);
    COL("BehaviorAnalytics", "InvestigationPriority", KQ_T_INT);
    COL("AlertInfo", "AlertId", KQ_T_STRING);
    COL("AlertInfo", "Timestamp", KQ_T_DATETIME);
    COL("AlertEvidence", "FileSize", KQ_T_LONG);
    COL("AlertEvidence", "ApplicationId", KQ_T_INT);
    COL("AlertEvidence", "AdditionalFields", KQ_T_DYNAMIC);
    COL("DeviceLogonEvents", "IsLocalAdmin", KQ_T_BOOL);
    COL("DeviceLogonEvents", "LogonType", KQ_T_STRING);
    COL("DeviceLogonEvents", "RemotePort", KQ_T_INT);
    COL("DeviceLogonEvents", "Timestamp", KQ_T_DATETIME);
    COL("DeviceRegistryEvents", "RegistryValueData", KQ_T_STRING);
    COL("DeviceRegistryEvents", "ReportId", KQ_T_LONG);
    COL("DeviceRegistryEvents", "Timestamp", KQ_T_DATETIME);
    COL("DeviceImageLoadEvents", "InitiatingProcessFileSize", KQ_T_LONG);
    COL("DeviceImageLoadEvents", "SHA256", KQ_T_STRING);
    COL("DeviceInfo", "OSBuild", KQ_T_LONG);
    COL("DeviceInfo", "LoggedOnUsers", KQ_T_DYNAMIC);
    COL("DeviceInfo", "IsAzureADJoined", KQ_T_BOOL);
    COL("DeviceNetworkInfo", "IPAddresses", KQ_T_DYNAMIC);
    COL("DeviceNetworkInfo", "MacAddress", KQ_T_STRING);
    COL("IdentityLogonEvents", "DestinationPort", KQ_T_STRING);
    COL("IdentityLogonEvents", "ReportId", KQ_T_STRING);
    COL("IdentityLogonEvents", "Timestamp", KQ_T_DATETIME);
    COL("IdentityQueryEvents", "QueryTarget", KQ_T_STRING);
    COL("IdentityQueryEvents", "AdditionalFields", KQ_T_DYNAMIC);
    COL("IdentityDirectoryEvents", "TargetAccountUpn", KQ_T_STRING);
    COL("IdentityDirectoryEvents", "Timestamp", KQ_T_DATETIME);
    COL("SecurityIncident", "IncidentNumber", KQ_T_INT);
    COL("SecurityIncident", "AlertIds", KQ_T_DYNAMIC);
    COL("SecurityIncident", "ClosedTime", KQ_T_DATETIME);
    COL("W3CIISLog", "csUriStem", KQ_T_STRING);
    COL("W3CIISLog", "scBytes", KQ_T_LONG);
    COL("W3CIISLog", "sPort", KQ_T_INT);
    COL("W3CIISLog", "scStatus", KQ_T_STRING);
    COL("AADNonInteractiveUserSignInLogs", "Status", KQ_T_STRING); /* string, not dynamic */
    COL("AADNonInteractiveUserSignInLogs", "IsInteractive", KQ_T_BOOL);
    COL("AADNonInteractiveUserSignInLogs", "AppliedEventListeners", KQ_T_DYNAMIC);
    COL("AzureDiagnostics", "ResourceType", KQ_T_STRING);
    COL("AzureDiagnostics", "DurationMs", KQ_T_LONG);
    COL("AzureDiagnostics", "AdditionalFields", KQ_T_DYNAMIC);
    COL("AzureDiagnostics", "action_s", -1); /* only the common fixed columns */
    COL("Anomalies", "Score", KQ_T_REAL);
    COL("Anomalies", "AnomalyReasons", KQ_T_DYNAMIC);
    COL("Anomalies", "StartTime", KQ_T_DATETIME);
    /* the Defender XDR tables carry both time columns */
    static const char *xdr[] = {
        "CloudAppEvents", "EmailEvents", "AlertInfo", "AlertEvidence", "DeviceLogonEvents",
        "DeviceRegistryEvents", "DeviceImageLoadEvents", "DeviceInfo", "DeviceNetworkInfo",
        "IdentityLogonEvents", "IdentityQueryEvents", "IdentityDirectoryEvents",
    };
    for (size_t i = 0; i < sizeof xdr / sizeof xdr[0]; i++) {
        COL(xdr[i], "Timestamp", KQ_T_DATETIME);
        COL(xdr[i], "TimeGenerated", KQ_T_DATETIME);
    }
}

static void test_all_tables(void)
{
    int n = kq_catalog_count();
    CHECK(n >= 8);
    for (int i = 0; i < n; i++) {
        const kq_catalog_table *t = kq_catalog_at(i);
        CHECK(t != NULL);
        if (!t) continue;
        CHECK(kq_catalog_find(t->name) == t); /* table names are unique too */
        int has_time = 0, dup = 0, bad = 0;
        for (int a = 0; a < t->ncols; a++) {
            const char *na = t->cols[a].name;
            if (!na || !na[0] || t->cols[a].type <= KQ_T_UNKNOWN ||
                t->cols[a].type == KQ_T_TABLE || t->cols[a].type >= KQ_T__COUNT) {
                bad++;
                continue;
            }
            if (strcmp(na, "TimeGenerated") == 0 && t->cols[a].type == KQ_T_DATETIME) has_time = 1;
            for (int b = a + 1; b < t->ncols; b++)
                if (t->cols[b].name && strcmp(na, t->cols[b].name) == 0) {
                    dup++;
                    fprintf(stderr, "%s: duplicate column %s\n", t->name, na);
                }
        }
        CHECK_EQ_INT(bad, 0);
        CHECK_EQ_INT(dup, 0);
        CHECK(has_time);
        CHECK(col_type(t, "Type") == KQ_T_STRING);
        CHECK(col_type(t, "TenantId") == KQ_T_STRING);
    }
}

int main(void)
{
    test_tables_present();
    test_unknown();
    test_dnsevents();
    test_tii();
    test_others();
    test_new_tables();
    test_all_tables();
    return check_report("catalog");
}
