/*
 * catalog_tables.c - the Sentinel table schemas kq knows before reading any file: for each
 * table its columns (names in the order of Microsoft's Azure Monitor table reference, which is
 * alphabetical) with their types, and the data connector that fills it. Implements
 * kq_catalog_find / kq_catalog_count / kq_catalog_at of catalog.h.
 *
 * Source: the Azure Monitor Logs table reference (MicrosoftDocs/azure-reference-other,
 * azure-monitor-ref/tables/<table>.md). Where that page leaves out a standard column that the
 * table really carries (TenantId; SourceSystem of ThreatIntelligenceIndicator), the column is
 * added in its alphabetical place and marked "added:" with the evidence (sample exports under
 * shared/data, the collected queries, shared/data/SCHEMAS.md).
 *
 * Type mapping: string, datetime, int, long, real, bool, dynamic map to the kq_type of the same
 * name. kq has no guid type yet: guid columns would map to KQ_T_STRING (none of the tables
 * below declares one in the reference; Id-like columns there are already string).
 */
#include <string.h>

#include "catalog.h"

#define S(n) {n, KQ_T_STRING}
#define DT(n) {n, KQ_T_DATETIME}
#define I(n) {n, KQ_T_INT}
#define L(n) {n, KQ_T_LONG}
#define R(n) {n, KQ_T_REAL}
#define B(n) {n, KQ_T_BOOL}
#define DY(n) {n, KQ_T_DYNAMIC}

/* dnsevents.md */
static const kq_catalog_column dnsevents_cols[] = {
    S("ClientIP"), S("Computer"), S("Confidence"), S("Description"), I("EventId"),
    S("IndicatorThreatType"), S("IPAddresses"), S("MaliciousIP"), S("Message"), S("Name"),
    S("QueryType"), S("RemoteIPCountry"), R("RemoteIPLatitude"), R("RemoteIPLongitude"),
    S("_ResourceId"), S("Result"), I("ResultCode"), I("Severity"), S("SourceSystem"),
    S("_SubscriptionId"), S("SubType"), S("TaskCategory"),
    S("TenantId"), /* added: SCHEMAS.md lists it among DnsEvents' bookkeeping columns */
    DT("TimeGenerated"), S("Type"),
};

/* threatintelligenceindicator.md */
static const kq_catalog_column tii_cols[] = {
    S("Action"), B("Active"), S("ActivityGroupNames"), S("AdditionalInformation"),
    R("ConfidenceScore"), S("Description"), S("DiamondModel"), S("DomainName"),
    S("EmailEncoding"), S("EmailLanguage"), S("EmailRecipient"), S("EmailSenderAddress"),
    S("EmailSenderName"), S("EmailSourceDomain"), S("EmailSourceIpAddress"), S("EmailSubject"),
    S("EmailXMailer"), DT("ExpirationDateTime"), S("ExternalIndicatorId"),
    DT("FileCompileDateTime"), DT("FileCreatedDateTime"), S("FileHashType"), S("FileHashValue"),
    S("FileMutexName"), S("FileName"), S("FilePacker"), S("FilePath"), I("FileSize"),
    S("FileType"), S("IndicatorId"), S("IndicatorProvider"), B("KillChainActions"),
    B("KillChainC2"), B("KillChainDelivery"), B("KillChainExploitation"),
    B("KillChainReconnaissance"), B("KillChainWeaponization"), S("KnownFalsePositives"),
    S("MalwareNames"), S("NetworkCidrBlock"), I("NetworkDestinationAsn"),
    S("NetworkDestinationCidrBlock"), S("NetworkDestinationIP"), I("NetworkDestinationPort"),
    S("NetworkIP"), I("NetworkPort"), I("NetworkProtocol"), I("NetworkSourceAsn"),
    S("NetworkSourceCidrBlock"), S("NetworkSourceIP"), I("NetworkSourcePort"), B("PassiveOnly"),
    S("SourceSystem"), /* added: SCHEMAS.md section 4; queries test SourceSystem == 'MISP' */
    S("Tags"), S("TenantId"), I("ThreatSeverity"), S("ThreatType"), DT("TimeGenerated"),
    S("TrafficLightProtocolLevel"), S("Type"), S("Url"), S("UserAgent"),
};

/* securityevent.md */
static const kq_catalog_column securityevent_cols[] = {
    S("AccessList"), S("AccessMask"), S("Account"), S("AccountDomain"), S("AccountExpires"), S("AccountName"),
    S("AccountSessionIdentifier"), S("AccountType"), S("Activity"), S("AdditionalInfo"),
    S("AdditionalInfo2"), S("AllowedToDelegateTo"), S("Attributes"), S("AuditPolicyChanges"),
    I("AuditsDiscarded"), I("AuthenticationLevel"), S("AuthenticationPackageName"),
    S("AuthenticationProvider"), S("AuthenticationServer"), I("AuthenticationService"),
    S("AuthenticationType"), S("AzureDeploymentID"), S("CACertificateHash"),
    S("CalledStationID"), S("CallerProcessId"), S("CallerProcessName"), S("CallingStationID"),
    S("CAPublicKeyHash"), S("CategoryId"), S("CertificateDatabaseHash"), S("Channel"),
    S("ClassId"), S("ClassName"), S("ClientAddress"), S("ClientIPAddress"), S("ClientName"),
    S("CommandLine"), S("CompatibleIds"), S("Computer"), S("DCDNSName"),
    S("DeviceDescription"), S("DeviceId"), S("DisplayName"), S("Disposition"),
    S("DomainBehaviorVersion"), S("DomainName"), S("DomainPolicyChanged"), S("DomainSid"),
    S("EAPType"), S("ElevatedToken"), I("ErrorCode"), S("EventData"), I("EventID"),
    S("EventSourceName"), S("ExtendedQuarantineState"), S("FailureReason"), S("FileHash"),
    S("FilePath"), S("FilePathNoUser"), S("Filter"), S("ForceLogoff"), S("Fqbn"),
    S("FullyQualifiedSubjectMachineName"), S("FullyQualifiedSubjectUserName"),
    S("GroupMembership"), S("HandleId"), S("HardwareIds"), S("HomeDirectory"), S("HomePath"),
    S("InterfaceUuid"), S("IpAddress"), S("IpPort"), I("KeyLength"), S("Level"),
    S("LmPackageName"), S("LocationInformation"), S("LockoutDuration"),
    S("LockoutObservationWindow"), S("LockoutThreshold"), S("LoggingResult"), S("LogonGuid"),
    S("LogonHours"), S("LogonID"), S("LogonProcessName"), I("LogonType"), S("LogonTypeName"),
    S("MachineAccountQuota"), S("MachineInventory"), S("MachineLogon"),
    S("ManagementGroupName"), S("MandatoryLabel"), S("MaxPasswordAge"), S("MemberName"),
    S("MemberSid"), S("MinPasswordAge"), S("MinPasswordLength"), S("MixedDomainMode"),
    S("NASIdentifier"), S("NASIPv4Address"), S("NASIPv6Address"), S("NASPort"),
    S("NASPortType"), S("NetworkPolicyName"), S("NewDate"), S("NewMaxUsers"),
    S("NewProcessId"), S("NewProcessName"), S("NewRemark"), S("NewShareFlags"), S("NewTime"),
    S("NewUacValue"), S("NewValue"), S("NewValueType"), S("ObjectName"), S("ObjectServer"),
    S("ObjectType"), S("ObjectValueName"), S("OemInformation"), S("OldMaxUsers"),
    S("OldRemark"), S("OldShareFlags"), S("OldUacValue"), S("OldValue"), S("OldValueType"),
    S("OperationType"), S("PackageName"), S("ParentProcessName"), S("PasswordHistoryLength"),
    S("PasswordLastSet"), S("PasswordProperties"), S("PreviousDate"), S("PreviousTime"),
    S("PrimaryGroupId"), S("PrivateKeyUsageCount"), S("PrivilegeList"), S("Process"),
    S("ProcessId"), S("ProcessName"), S("ProfilePath"), S("Properties"),
    S("ProtocolSequence"), S("ProxyPolicyName"), S("QuarantineHelpURL"),
    S("QuarantineSessionID"), S("QuarantineSessionIdentifier"), S("QuarantineState"),
    S("QuarantineSystemHealthResult"), S("RelativeTargetName"), S("RemoteIpAddress"),
    S("RemotePort"), S("Requester"), S("RequestId"), S("_ResourceId"),
    S("RestrictedAdminMode"), S("RowsDeleted"), S("SamAccountName"), S("ScriptPath"),
    S("SecurityDescriptor"), S("ServiceAccount"), S("ServiceFileName"), S("ServiceName"),
    I("ServiceStartType"), S("ServiceType"), S("SessionName"), S("ShareLocalPath"),
    S("ShareName"), S("SidHistory"), S("SourceComputerId"), S("SourceSystem"), S("Status"),
    S("StorageAccount"), S("SubcategoryGuid"), S("SubcategoryId"), S("Subject"),
    S("SubjectAccount"), S("SubjectDomainName"), S("SubjectKeyIdentifier"),
    S("SubjectLogonId"), S("SubjectMachineName"), S("SubjectMachineSID"), S("SubjectUserName"),
    S("SubjectUserSid"), S("_SubscriptionId"), S("SubStatus"), S("TableId"),
    S("TargetAccount"), S("TargetDomainName"), S("TargetInfo"), S("TargetLinkedLogonId"),
    S("TargetLogonGuid"), S("TargetLogonId"), S("TargetOutboundDomainName"),
    S("TargetOutboundUserName"), S("TargetServerName"), S("TargetSid"), S("TargetUser"),
    S("TargetUserName"), S("TargetUserSid"), I("Task"), S("TemplateContent"),
    S("TemplateDSObjectFQDN"), S("TemplateInternalName"), S("TemplateOID"),
    S("TemplateSchemaVersion"), S("TemplateVersion"),
    S("TenantId"), /* added: msticpy processes_on_host.csv / host_logons.csv exports have it */
    DT("TimeGenerated"), S("TokenElevationType"), S("TransmittedServices"), S("Type"),
    S("UserAccountControl"), S("UserParameters"), S("UserPrincipalName"),
    S("UserWorkstations"), S("VendorIds"), S("VirtualAccount"), S("Workstation"),
    S("WorkstationName"),
};

/* syslog.md */
static const kq_catalog_column syslog_cols[] = {
    S("Computer"), DT("EventTime"), S("Facility"), S("HostIP"), S("HostName"), I("ProcessID"),
    S("ProcessName"), S("_ResourceId"), S("SeverityLevel"), S("SourceSystem"),
    S("_SubscriptionId"), S("SyslogMessage"),
    S("TenantId"), /* added: InfobloxNIOS.json and other Syslog sample exports have it */
    DT("TimeGenerated"), S("Type"),
};

/* commonsecuritylog.md */
static const kq_catalog_column cef_cols[] = {
    S("Activity"), S("AdditionalExtensions"), S("ApplicationProtocol"),
    S("CommunicationDirection"), S("Computer"), S("DestinationDnsDomain"),
    S("DestinationHostName"), S("DestinationIP"), S("DestinationMACAddress"),
    S("DestinationNTDomain"), I("DestinationPort"), I("DestinationProcessId"),
    S("DestinationProcessName"), S("DestinationServiceName"), S("DestinationTranslatedAddress"),
    I("DestinationTranslatedPort"), S("DestinationUserID"), S("DestinationUserName"),
    S("DestinationUserPrivileges"), S("DeviceAction"), S("DeviceAddress"),
    S("DeviceCustomDate1"), S("DeviceCustomDate1Label"), S("DeviceCustomDate2"),
    S("DeviceCustomDate2Label"), R("DeviceCustomFloatingPoint1"),
    S("DeviceCustomFloatingPoint1Label"), R("DeviceCustomFloatingPoint2"),
    S("DeviceCustomFloatingPoint2Label"), R("DeviceCustomFloatingPoint3"),
    S("DeviceCustomFloatingPoint3Label"), R("DeviceCustomFloatingPoint4"),
    S("DeviceCustomFloatingPoint4Label"), S("DeviceCustomIPv6Address1"),
    S("DeviceCustomIPv6Address1Label"), S("DeviceCustomIPv6Address2"),
    S("DeviceCustomIPv6Address2Label"), S("DeviceCustomIPv6Address3"),
    S("DeviceCustomIPv6Address3Label"), S("DeviceCustomIPv6Address4"),
    S("DeviceCustomIPv6Address4Label"), I("DeviceCustomNumber1"), S("DeviceCustomNumber1Label"),
    I("DeviceCustomNumber2"), S("DeviceCustomNumber2Label"), I("DeviceCustomNumber3"),
    S("DeviceCustomNumber3Label"), S("DeviceCustomString1"), S("DeviceCustomString1Label"),
    S("DeviceCustomString2"), S("DeviceCustomString2Label"), S("DeviceCustomString3"),
    S("DeviceCustomString3Label"), S("DeviceCustomString4"), S("DeviceCustomString4Label"),
    S("DeviceCustomString5"), S("DeviceCustomString5Label"), S("DeviceCustomString6"),
    S("DeviceCustomString6Label"), S("DeviceDnsDomain"), S("DeviceEventClassID"),
    S("DeviceExternalID"), S("DeviceFacility"), S("DeviceInboundInterface"),
    S("DeviceMacAddress"), S("DeviceName"), S("DeviceNtDomain"), S("DeviceOutboundInterface"),
    S("DevicePayloadId"), S("DeviceProduct"), S("DeviceTimeZone"), S("DeviceTranslatedAddress"),
    S("DeviceVendor"), S("DeviceVersion"), DT("EndTime"), I("EventCount"), I("EventType"),
    I("ExternalID"), S("FileCreateTime"), S("FileHash"), S("FileID"),
    S("FileModificationTime"), S("FileName"), S("FilePath"), S("FilePermission"),
    I("FileSize"), S("FileType"), S("FlexDate1"), S("FlexDate1Label"), I("FlexNumber1"),
    S("FlexNumber1Label"), I("FlexNumber2"), S("FlexNumber2Label"), S("FlexString1"),
    S("FlexString1Label"), S("FlexString2"), S("FlexString2Label"), S("IndicatorThreatType"),
    S("LogSeverity"), S("MaliciousIP"), S("MaliciousIPCountry"), R("MaliciousIPLatitude"),
    R("MaliciousIPLongitude"), S("Message"), S("OldFileCreateTime"), S("OldFileHash"),
    S("OldFileID"), S("OldFileModificationTime"), S("OldFileName"), S("OldFilePath"),
    S("OldFilePermission"), I("OldFileSize"), S("OldFileType"), S("OriginalLogSeverity"),
    I("ProcessID"), S("ProcessName"), S("Protocol"), S("ReceiptTime"), L("ReceivedBytes"),
    S("RemoteIP"), S("RemotePort"), S("RequestClientApplication"), S("RequestContext"),
    S("RequestCookies"), S("RequestMethod"), S("RequestURL"), S("_ResourceId"),
    L("SentBytes"), S("SimplifiedDeviceAction"), S("SourceDnsDomain"), S("SourceHostName"),
    S("SourceIP"), S("SourceMACAddress"), S("SourceNTDomain"), I("SourcePort"),
    I("SourceProcessId"), S("SourceProcessName"), S("SourceServiceName"), S("SourceSystem"),
    S("SourceTranslatedAddress"), I("SourceTranslatedPort"), S("SourceUserID"),
    S("SourceUserName"), S("SourceUserPrivileges"), DT("StartTime"), S("_SubscriptionId"),
    S("TenantId"), /* added: every CEF sample export (AkamaiSIEM.csv, ...) has it */
    S("ThreatConfidence"), S("ThreatDescription"), I("ThreatSeverity"), DT("TimeGenerated"),
    S("Type"),
};

/* deviceprocessevents.md */
static const kq_catalog_column deviceprocessevents_cols[] = {
    S("AccountDomain"), S("AccountName"), S("AccountObjectId"), S("AccountSid"),
    S("AccountUpn"), S("ActionType"), DY("AdditionalFields"), S("AppGuardContainerId"),
    S("DeviceId"), S("DeviceName"), S("FileName"), S("FolderPath"),
    S("InitiatingProcessAccountDomain"), S("InitiatingProcessAccountName"),
    S("InitiatingProcessAccountObjectId"), S("InitiatingProcessAccountSid"),
    S("InitiatingProcessAccountUpn"), S("InitiatingProcessCommandLine"),
    DT("InitiatingProcessCreationTime"), S("InitiatingProcessFileName"),
    S("InitiatingProcessFolderPath"), L("InitiatingProcessId"),
    S("InitiatingProcessIntegrityLevel"), L("InitiatingProcessLogonId"),
    S("InitiatingProcessMD5"), DT("InitiatingProcessParentCreationTime"),
    S("InitiatingProcessParentFileName"), L("InitiatingProcessParentId"),
    S("InitiatingProcessSHA1"), S("InitiatingProcessSHA256"),
    S("InitiatingProcessTokenElevation"), L("LogonId"), S("MachineGroup"), S("MD5"),
    S("ProcessCommandLine"), DT("ProcessCreationTime"), L("ProcessId"),
    S("ProcessIntegrityLevel"), S("ProcessTokenElevation"), L("ReportId"), S("SHA1"),
    S("SHA256"), S("SourceSystem"), S("TenantId"), DT("TimeGenerated"), S("Type"),
    /* added: the Defender XDR schema these tables stream from (queries use them) */
    DT("Timestamp"), S("InitiatingProcessVersionInfoCompanyName"), S("InitiatingProcessVersionInfoFileDescription"), S("InitiatingProcessVersionInfoInternalFileName"), S("InitiatingProcessVersionInfoOriginalFileName"), S("InitiatingProcessVersionInfoProductName"), S("InitiatingProcessVersionInfoProductVersion"),
    S("ProcessVersionInfoCompanyName"), S("ProcessVersionInfoFileDescription"), S("ProcessVersionInfoInternalFileName"), S("ProcessVersionInfoOriginalFileName"), S("ProcessVersionInfoProductName"), S("ProcessVersionInfoProductVersion"),
};

/* devicenetworkevents.md */
static const kq_catalog_column devicenetworkevents_cols[] = {
    S("ActionType"), DY("AdditionalFields"), S("AppGuardContainerId"), S("DeviceId"),
    S("DeviceName"), S("InitiatingProcessAccountDomain"), S("InitiatingProcessAccountName"),
    S("InitiatingProcessAccountObjectId"), S("InitiatingProcessAccountSid"),
    S("InitiatingProcessAccountUpn"), S("InitiatingProcessCommandLine"),
    DT("InitiatingProcessCreationTime"), S("InitiatingProcessFileName"),
    S("InitiatingProcessFolderPath"), L("InitiatingProcessId"),
    S("InitiatingProcessIntegrityLevel"), S("InitiatingProcessMD5"),
    DT("InitiatingProcessParentCreationTime"), S("InitiatingProcessParentFileName"),
    L("InitiatingProcessParentId"), S("InitiatingProcessSHA1"), S("InitiatingProcessSHA256"),
    S("InitiatingProcessTokenElevation"), S("LocalIP"), S("LocalIPType"), I("LocalPort"),
    S("MachineGroup"), S("Protocol"), S("RemoteIP"), S("RemoteIPType"), I("RemotePort"),
    S("RemoteUrl"), L("ReportId"), S("SourceSystem"), S("TenantId"), DT("TimeGenerated"),
    S("Type"),
    /* added: the Defender XDR schema these tables stream from (queries use them) */
    DT("Timestamp"), S("InitiatingProcessVersionInfoCompanyName"), S("InitiatingProcessVersionInfoFileDescription"), S("InitiatingProcessVersionInfoInternalFileName"), S("InitiatingProcessVersionInfoOriginalFileName"), S("InitiatingProcessVersionInfoProductName"), S("InitiatingProcessVersionInfoProductVersion"),
};

/* devicefileevents.md */
static const kq_catalog_column devicefileevents_cols[] = {
    S("ActionType"), DY("AdditionalFields"), S("AppGuardContainerId"), S("DeviceId"),
    S("DeviceName"), S("FileName"), S("FileOriginIP"), S("FileOriginReferrerUrl"),
    S("FileOriginUrl"), L("FileSize"), S("FolderPath"), S("InitiatingProcessAccountDomain"),
    S("InitiatingProcessAccountName"), S("InitiatingProcessAccountObjectId"),
    S("InitiatingProcessAccountSid"), S("InitiatingProcessAccountUpn"),
    S("InitiatingProcessCommandLine"), DT("InitiatingProcessCreationTime"),
    S("InitiatingProcessFileName"), S("InitiatingProcessFolderPath"), L("InitiatingProcessId"),
    S("InitiatingProcessIntegrityLevel"), S("InitiatingProcessMD5"),
    DT("InitiatingProcessParentCreationTime"), S("InitiatingProcessParentFileName"),
    L("InitiatingProcessParentId"), S("InitiatingProcessSHA1"), S("InitiatingProcessSHA256"),
    S("InitiatingProcessTokenElevation"), B("IsAzureInfoProtectionApplied"),
    S("MachineGroup"), S("MD5"), S("PreviousFileName"), S("PreviousFolderPath"),
    L("ReportId"), S("RequestAccountDomain"), S("RequestAccountName"), S("RequestAccountSid"),
    S("RequestProtocol"), S("RequestSourceIP"), I("RequestSourcePort"), S("SensitivityLabel"),
    S("SensitivitySubLabel"), S("SHA1"), S("SHA256"), S("ShareName"), S("SourceSystem"),
    S("TenantId"), DT("TimeGenerated"), S("Type"),
    /* added: the Defender XDR schema these tables stream from (queries use them) */
    DT("Timestamp"), S("InitiatingProcessVersionInfoCompanyName"), S("InitiatingProcessVersionInfoFileDescription"), S("InitiatingProcessVersionInfoInternalFileName"), S("InitiatingProcessVersionInfoOriginalFileName"), S("InitiatingProcessVersionInfoProductName"), S("InitiatingProcessVersionInfoProductVersion"),
};

/* includes/windowsevent-include.md (windowsevent.md includes it) */
static const kq_catalog_column windowsevent_cols[] = {
    R("_BilledSize"), S("Channel"), S("Computer"), S("Correlation"), DY("EventData"),
    I("EventID"), I("EventLevel"), S("EventLevelName"), S("EventOriginId"),
    S("EventRecordId"), S("_IsBillable"), S("Keywords"), S("ManagementGroupName"),
    S("Opcode"), S("Provider"), S("RawEventData"), S("_ResourceId"), S("_SubscriptionId"),
    I("SystemProcessId"), I("SystemThreadId"), S("SystemUserId"), I("Task"), S("TenantId"),
    DT("TimeGenerated"), S("Type"), I("Version"),
};

/* deviceevents.md */
static const kq_catalog_column deviceevents_cols[] = {
    S("AccountDomain"), S("AccountName"), S("AccountSid"), S("ActionType"),
    DY("AdditionalFields"), S("AppGuardContainerId"), S("DeviceId"), S("DeviceName"),
    S("FileName"), S("FileOriginIP"), S("FileOriginUrl"), L("FileSize"), S("FolderPath"),
    S("InitiatingProcessAccountDomain"), S("InitiatingProcessAccountName"),
    S("InitiatingProcessAccountObjectId"), S("InitiatingProcessAccountSid"),
    S("InitiatingProcessAccountUpn"), S("InitiatingProcessCommandLine"),
    DT("InitiatingProcessCreationTime"), S("InitiatingProcessFileName"),
    L("InitiatingProcessFileSize"), S("InitiatingProcessFolderPath"), L("InitiatingProcessId"),
    L("InitiatingProcessLogonId"), S("InitiatingProcessMD5"),
    DT("InitiatingProcessParentCreationTime"), S("InitiatingProcessParentFileName"),
    L("InitiatingProcessParentId"), S("InitiatingProcessSHA1"), S("InitiatingProcessSHA256"),
    S("InitiatingProcessVersionInfoCompanyName"), S("InitiatingProcessVersionInfoFileDescription"),
    S("InitiatingProcessVersionInfoInternalFileName"),
    S("InitiatingProcessVersionInfoOriginalFileName"), S("InitiatingProcessVersionInfoProductName"),
    S("InitiatingProcessVersionInfoProductVersion"), S("LocalIP"), I("LocalPort"), L("LogonId"),
    S("MachineGroup"), S("MD5"), S("ProcessCommandLine"), DT("ProcessCreationTime"),
    L("ProcessId"), S("ProcessTokenElevation"), S("RegistryKey"), S("RegistryValueData"),
    S("RegistryValueName"), S("RemoteDeviceName"), S("RemoteIP"), I("RemotePort"),
    S("RemoteUrl"), L("ReportId"), S("SHA1"), S("SHA256"), S("SourceSystem"), S("TenantId"),
    DT("TimeGenerated"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* signinlogs.md */
static const kq_catalog_column signinlogs_cols[] = {
    S("AADTenantId"), S("AlternateSignInName"), S("AppDisplayName"), S("AppId"),
    S("AuthenticationContextClassReferences"), S("AuthenticationDetails"),
    S("AuthenticationMethodsUsed"), S("AuthenticationProcessingDetails"),
    S("AuthenticationRequirement"), S("AuthenticationRequirementPolicies"),
    S("AutonomousSystemNumber"), S("Category"), S("ClientAppUsed"),
    DY("ConditionalAccessPolicies"), S("ConditionalAccessStatus"), S("CorrelationId"),
    DT("CreatedDateTime"), DY("DeviceDetail"), L("DurationMs"), B("FlaggedForReview"),
    S("HomeTenantId"), S("Id"), S("Identity"), S("IPAddress"),
    S("IPAddressFromResourceProvider"), B("IsInteractive"), B("IsRisky"), S("Level"),
    S("Location"), DY("LocationDetails"), DY("MfaDetail"), S("NetworkLocationDetails"),
    S("OperationName"), S("OperationVersion"), S("OriginalRequestId"),
    S("ProcessingTimeInMilliseconds"), S("Resource"), S("ResourceDisplayName"),
    S("ResourceGroup"), S("ResourceId"), S("ResourceIdentity"), S("ResourceProvider"),
    S("ResourceServicePrincipalId"), S("ResourceTenantId"), S("ResultDescription"),
    S("ResultSignature"), S("ResultType"), S("RiskDetail"), S("RiskEventTypes"),
    S("RiskEventTypes_V2"), S("RiskLevelAggregated"), S("RiskLevelDuringSignIn"),
    S("RiskState"), S("ServicePrincipalId"), S("ServicePrincipalName"),
    S("SessionLifetimePolicies"), S("SignInIdentifier"), S("SignInIdentifierType"),
    S("SourceSystem"), DY("Status"),
    S("TenantId"), /* added: sentinel-training-lab/sign-in_adelete.csv export has it */
    DT("TimeGenerated"), S("TokenIssuerName"), S("TokenIssuerType"), S("Type"),
    S("UniqueTokenIdentifier"), S("UserAgent"), S("UserDisplayName"), S("UserId"),
    S("UserPrincipalName"), S("UserType"),
    /* added: newer columns of the table that detections use */
    S("AppOwnerTenantId"), S("ResourceOwnerTenantId"), S("IncomingTokenType"), S("CrossTenantAccessType"),
    S("SessionId"), S("AuthenticationProtocol"),
};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define TABLE(name, conn, cols) {name, conn, NCOLS(cols), cols}

static const kq_catalog_table tables[] = {
    TABLE("DnsEvents", "Windows DNS Events via AMA / DNS (Preview)", dnsevents_cols),
    TABLE("ThreatIntelligenceIndicator", "Threat Intelligence (TAXII / Platforms / Upload)",
          tii_cols),
    TABLE("SecurityEvent", "Windows Security Events via AMA", securityevent_cols),
    TABLE("Syslog", "Syslog via AMA", syslog_cols),
    TABLE("CommonSecurityLog", "Common Event Format (CEF) via AMA", cef_cols),
    TABLE("DeviceProcessEvents", "Microsoft Defender XDR", deviceprocessevents_cols),
    TABLE("DeviceNetworkEvents", "Microsoft Defender XDR", devicenetworkevents_cols),
    TABLE("DeviceFileEvents", "Microsoft Defender XDR", devicefileevents_cols),
    TABLE("WindowsEvent", "Windows Forwarded Events", windowsevent_cols),
    TABLE("DeviceEvents", "Microsoft Defender XDR", deviceevents_cols),
    TABLE("SigninLogs", "Microsoft Entra ID", signinlogs_cols),
};

/* Table names are case-sensitive in KQL, so the lookup is too. */
const kq_catalog_table *kq_catalog_find(const char *name)
{
    if (!name) return NULL;
    for (int i = 0; i < NCOLS(tables); i++)
        if (strcmp(tables[i].name, name) == 0) return &tables[i];
    return NULL;
}

int kq_catalog_count(void)
{
    return NCOLS(tables);
}

const kq_catalog_table *kq_catalog_at(int i)
{
    if (i < 0 || i >= NCOLS(tables)) return NULL;
    return &tables[i];
}
