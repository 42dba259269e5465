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
 * name. kq has no guid type yet: guid columns map to KQ_T_STRING (of the tables below only
 * AzureDiagnostics declares one, SubscriptionId; Id-like columns elsewhere are string).
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

/*
 * The tables below follow the same reference (stored versions of the pages; where the page
 * only includes includes/<table>-include.md, that include is the source). For the Defender
 * XDR tables (Device*, Identity*, Email*, Alert*, CloudAppEvents) the reference leaves out
 * Timestamp, the time column of the Defender XDR schema that the same tables carry and that
 * the hunting queries use; it is added last, marked "added:".
 */

/* includes/auditlogs-include.md (auditlogs.md includes it) */
static const kq_catalog_column auditlogs_cols[] = {
    S("AADOperationType"), S("AADTenantId"), DT("ActivityDateTime"), S("ActivityDisplayName"),
    DY("AdditionalDetails"), R("_BilledSize"), S("Category"), S("CorrelationId"),
    L("DurationMs"), S("Id"), S("Identity"), DY("InitiatedBy"), S("_IsBillable"), S("Level"),
    S("Location"), S("LoggedByService"), S("OperationName"), S("OperationVersion"),
    S("Resource"), S("ResourceGroup"), S("ResourceId"), S("ResourceProvider"), S("Result"),
    S("ResultDescription"), S("ResultReason"), S("ResultSignature"), S("ResultType"),
    S("SourceSystem"), DY("TargetResources"),
    S("TenantId"), /* added: the standard workspace column, absent from the page */
    DT("TimeGenerated"), S("Type"),
};

/* officeactivity.md */
static const kq_catalog_column officeactivity_cols[] = {
    S("AADGroupId"), S("AADTarget"), S("Activity"), S("Actor"), S("ActorContextId"),
    S("ActorIpAddress"), S("AddOnGuid"), S("AddonName"), S("AddOnType"), S("AffectedItems"),
    S("AppDistributionMode"), S("AppId"), S("Application"), S("ApplicationId"),
    S("AzureActiveDirectory_EventType"), S("AzureADAppId"), S("ChannelGuid"), S("ChannelName"),
    S("ChannelType"), S("ChatName"), S("ChatThreadId"), S("Client"), S("ClientAppId"),
    S("ClientInfoString"), S("ClientIP"), S("Client_IPAddress"), S("ClientMachineName"),
    S("ClientProcessName"), S("ClientVersion"), S("CommunicationType"),
    B("CrossMailboxOperations"), S("CustomEvent"), I("DataCenterSecurityEventType"),
    S("DestFolder"), S("DestinationFileExtension"), S("DestinationFileName"),
    S("DestinationRelativeUrl"), S("DestMailboxId"), S("DestMailboxOwnerMasterAccountSid"),
    S("DestMailboxOwnerSid"), S("DestMailboxOwnerUPN"), S("EffectiveOrganization"),
    DT("ElevationApprovedTime"), S("ElevationApprover"), I("ElevationDuration"),
    S("ElevationRequestId"), S("ElevationRole"), DT("ElevationTime"), S("Event_Data"),
    S("EventSource"), S("ExtendedProperties"), S("ExternalAccess"), DY("ExtraProperties"),
    S("Folder"), S("Folders"), S("GenericInfo"), I("InternalLogonType"), S("InterSystemsId"),
    S("IntraSystemId"), B("IsManagedDevice"), S("Item"), S("ItemName"), S("ItemType"),
    I("LoginStatus"), S("Logon_Type"), S("LogonUserDisplayName"), S("LogonUserSid"),
    S("MachineDomainInfo"), S("MachineId"), S("MailboxGuid"), S("MailboxOwnerMasterAccountSid"),
    S("MailboxOwnerSid"), S("MailboxOwnerUPN"), DY("Members"), S("MessageId"),
    S("ModifiedObjectResolvedName"), S("ModifiedProperties"), S("Name"), S("NewValue"),
    S("OfficeId"), S("OfficeObjectId"), S("OfficeTenantId"), S("OfficeWorkload"),
    S("OldValue"), S("Operation"), DY("OperationProperties"), S("OperationScope"),
    S("OrganizationId"), S("OrganizationName"), S("OriginatingServer"), S("Parameters"),
    S("RecordType"), S("_ResourceId"), S("ResultReasonType"), S("ResultStatus"),
    S("SendAsUserMailboxGuid"), S("SendAsUserSmtp"), S("SendonBehalfOfUserMailboxGuid"),
    S("SendOnBehalfOfUserSmtp"), S("SharingType"), S("Site_"), S("Site_Url"),
    S("SourceFileExtension"), S("SourceFileName"), S("Source_Name"), S("SourceRecordId"),
    S("SourceRelativeUrl"), S("SourceSystem"), S("SRPolicyId"), S("SRPolicyName"),
    DY("SRRuleMatchDetails"), DT("Start_Time"), S("_SubscriptionId"), S("SupportTicketId"),
    S("TabType"), S("TargetContextId"), S("TargetUserId"), S("TargetUserOrGroupName"),
    S("TargetUserOrGroupType"), S("TeamGuid"), S("TeamName"), S("TenantId"),
    DT("TimeGenerated"), S("Type"), S("UserAgent"), S("UserDomain"), S("UserId"),
    S("UserKey"), S("UserSharedWith"), S("UserType"),
};

/* includes/securityalert-include.md (securityalert.md includes it) */
static const kq_catalog_column securityalert_cols[] = {
    S("AlertLink"), S("AlertName"), S("AlertSeverity"), S("AlertType"), R("_BilledSize"),
    S("CompromisedEntity"), S("ConfidenceLevel"), R("ConfidenceScore"), S("Description"),
    S("DisplayName"), DT("EndTime"), S("Entities"), S("ExtendedLinks"),
    S("ExtendedProperties"), S("_IsBillable"), B("IsIncident"), DT("ProcessingEndTime"),
    S("ProductComponentName"), S("ProductName"), S("ProviderName"), S("RemediationSteps"),
    S("ResourceId"), S("SourceComputerId"), DT("StartTime"), S("Status"), S("SubTechniques"),
    S("SystemAlertId"), S("Tactics"), S("Techniques"),
    S("TenantId"), /* added: the standard workspace column, absent from the page */
    DT("TimeGenerated"), S("Type"), S("VendorName"), S("VendorOriginalId"),
    S("WorkspaceResourceGroup"), S("WorkspaceSubscriptionId"),
};

/* azureactivity.md */
static const kq_catalog_column azureactivity_cols[] = {
    S("ActivityStatus"), S("ActivityStatusValue"), S("ActivitySubstatus"),
    S("ActivitySubstatusValue"), S("Authorization"), DY("Authorization_d"), S("Caller"),
    S("CallerIpAddress"), S("Category"), S("CategoryValue"), S("Claims"), DY("Claims_d"),
    S("CorrelationId"), S("EventDataId"), DT("EventSubmissionTimestamp"), S("Hierarchy"),
    S("HTTPRequest"), S("Level"), S("OperationId"), S("OperationName"),
    S("OperationNameValue"), S("Properties"), DY("Properties_d"), S("Resource"),
    S("ResourceGroup"), S("_ResourceId"), S("ResourceId"), S("ResourceProvider"),
    S("ResourceProviderValue"), S("SourceSystem"), S("SubscriptionId"), S("_SubscriptionId"),
    S("TenantId"), DT("TimeGenerated"), S("Type"),
};

/* includes/awscloudtrail-include.md (awscloudtrail.md includes it) */
static const kq_catalog_column awscloudtrail_cols[] = {
    S("AdditionalEventData"), S("APIVersion"), S("AwsEventId"), S("AWSRegion"),
    S("AwsRequestId"), S("AwsRequestId_"), R("_BilledSize"), S("Category"), S("CidrIp"),
    S("CipherSuite"), S("ClientProvidedHostHeader"), S("DestinationPort"),
    S("EC2RoleDelivery"), S("ErrorCode"), S("ErrorMessage"), S("EventName"),
    S("EventSource"), S("EventTypeName"), S("EventVersion"), S("IpProtocol"),
    S("_IsBillable"), B("ManagementEvent"), S("OperationName"), B("ReadOnly"),
    S("RecipientAccountId"), S("RequestParameters"), S("Resources"), S("ResponseElements"),
    S("ServiceEventDetails"), DT("SessionCreationDate"), S("SessionIssuerAccountId"),
    S("SessionIssuerArn"), S("SessionIssuerPrincipalId"), S("SessionIssuerType"),
    S("SessionIssuerUserName"), B("SessionMfaAuthenticated"), S("SharedEventId"),
    S("SourceIpAddress"), S("SourcePort"), S("SourceSystem"), S("TenantId"),
    DT("TimeGenerated"), S("TlsVersion"), S("Type"), S("UserAgent"),
    S("UserIdentityAccessKeyId"), S("UserIdentityAccountId"), S("UserIdentityArn"),
    S("UserIdentityInvokedBy"), S("UserIdentityPrincipalid"), S("UserIdentityType"),
    S("UserIdentityUserName"), S("VpcEndpointId"),
};

/* identityinfo.md */
static const kq_catalog_column identityinfo_cols[] = {
    S("AccountCloudSID"), DT("AccountCreationTime"), S("AccountDisplayName"),
    S("AccountDomain"), S("AccountName"), S("AccountObjectId"), S("AccountSID"),
    S("AccountTenantId"), S("AccountUPN"), DY("AdditionalMailAddresses"), S("Applications"),
    DY("AssignedRoles"), S("BlastRadius"), S("ChangeSource"), S("City"), S("Country"),
    DT("DeletedDateTime"), S("Department"), S("EmployeeId"), DY("ExtensionProperty"),
    S("GivenName"), DY("GroupMembership"), I("InvestigationPriority"),
    I("InvestigationPriorityPercentile"), B("IsAccountEnabled"), B("IsMFARegistered"),
    S("JobTitle"), DT("LastSeenDate"), S("MailAddress"), S("Manager"),
    S("OnPremisesDistinguishedName"), S("OnPremisesExtensionAttributes"), S("Phone"),
    DY("RelatedAccounts"), S("RiskLevel"), S("RiskLevelDetails"), S("RiskState"),
    DY("ServicePrincipals"), S("SourceSystem"), S("State"), S("StreetAddress"), S("Surname"),
    S("Tags"), S("TenantId"), DT("TimeGenerated"), S("Type"), S("UACFlags"),
    DY("UserAccountControl"), S("UserState"), DT("UserStateChangedOn"), S("UserType"),
};

/* cloudappevents.md */
static const kq_catalog_column cloudappevents_cols[] = {
    S("AccountDisplayName"), S("AccountObjectId"), S("ActionType"), DY("ActivityObjects"),
    S("ActivityType"), DY("AdditionalFields"), S("Application"), I("ApplicationId"), S("City"),
    S("CountryCode"), S("DeviceType"), S("IPAddress"), B("IsAdminOperation"),
    B("IsAnonymousProxy"), S("ISP"), S("ObjectId"), S("ObjectName"), S("ObjectType"),
    S("OSPlatform"), DY("RawEventData"), S("ReportId"), S("SourceSystem"), S("TenantId"),
    DT("TimeGenerated"), S("Type"), S("UserAgent"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* includes/event-include.md (event.md includes it) */
static const kq_catalog_column event_cols[] = {
    S("AzureDeploymentID"), R("_BilledSize"), S("Computer"), I("EventCategory"),
    S("EventData"), I("EventID"), I("EventLevel"), S("EventLevelName"), S("EventLog"),
    S("_IsBillable"), S("ManagementGroupName"), S("Message"), S("ParameterXml"),
    S("RenderedDescription"), S("_ResourceId"), S("Role"), S("Source"), S("SourceSystem"),
    S("_SubscriptionId"),
    S("TenantId"), /* added: the standard workspace column, absent from the page */
    DT("TimeGenerated"), S("Type"), S("UserName"),
};

/* emailevents.md */
static const kq_catalog_column emailevents_cols[] = {
    I("AttachmentCount"), S("ConfidenceLevel"), S("Connectors"), S("DeliveryAction"),
    S("DeliveryLocation"), S("DetectionMethods"), S("EmailAction"), S("EmailActionPolicy"),
    S("EmailActionPolicyGuid"), L("EmailClusterId"), S("EmailDirection"), S("EmailLanguage"),
    S("InternetMessageId"), S("NetworkMessageId"), S("OrgLevelAction"), S("OrgLevelPolicy"),
    S("RecipientEmailAddress"), S("RecipientObjectId"), S("ReportId"), S("SenderDisplayName"),
    S("SenderIPv4"), S("SenderIPv6"), S("SenderMailFromAddress"), S("SenderMailFromDomain"),
    S("SenderObjectId"), S("SourceSystem"), S("Subject"), S("TenantId"), S("ThreatNames"),
    S("ThreatTypes"), DT("TimeGenerated"), S("Type"), I("UrlCount"), S("UserLevelAction"),
    S("UserLevelPolicy"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* behavioranalytics.md */
static const kq_catalog_column behavioranalytics_cols[] = {
    S("ActionType"), DY("ActivityInsights"), S("ActivityType"), S("DestinationDevice"),
    S("DestinationIPAddress"), S("DestinationIPLocation"), DY("DevicesInsights"),
    S("EventSource"), I("InvestigationPriority"), S("_ResourceId"), S("SourceDevice"),
    S("SourceIPAddress"), S("SourceIPLocation"), S("SourceRecordId"), S("SourceSystem"),
    S("_SubscriptionId"), S("TenantId"), DT("TimeGenerated"), DT("TimeProcessed"), S("Type"),
    S("UserName"), S("UserPrincipalName"), DY("UsersInsights"),
};

/* alertinfo.md */
static const kq_catalog_column alertinfo_cols[] = {
    S("AlertId"), S("AttackTechniques"), S("Category"), S("DetectionSource"),
    S("ServiceSource"), S("Severity"), S("SourceSystem"), S("TenantId"), DT("TimeGenerated"),
    S("Title"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* alertevidence.md */
static const kq_catalog_column alertevidence_cols[] = {
    S("AccountDomain"), S("AccountName"), S("AccountObjectId"), S("AccountSid"),
    S("AccountUpn"), DY("AdditionalFields"), S("AlertId"), S("Application"),
    I("ApplicationId"), S("DeviceId"), S("DeviceName"), S("EmailSubject"), S("EntityType"),
    S("EvidenceDirection"), S("EvidenceRole"), S("FileName"), L("FileSize"), S("FolderPath"),
    S("LocalIP"), S("NetworkMessageId"), S("OAuthApplicationId"), S("ProcessCommandLine"),
    S("RegistryKey"), S("RegistryValueData"), S("RegistryValueName"), S("RemoteIP"),
    S("RemoteUrl"), S("ServiceSource"), S("SHA1"), S("SHA256"), S("SourceSystem"),
    S("TenantId"), S("ThreatFamily"), DT("TimeGenerated"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* devicelogonevents.md */
static const kq_catalog_column devicelogonevents_cols[] = {
    S("AccountDomain"), S("AccountName"), S("AccountSid"), S("ActionType"),
    DY("AdditionalFields"), S("AppGuardContainerId"), S("DeviceId"), S("DeviceName"),
    S("FailureReason"), S("InitiatingProcessAccountDomain"), S("InitiatingProcessAccountName"),
    S("InitiatingProcessAccountObjectId"), S("InitiatingProcessAccountSid"),
    S("InitiatingProcessAccountUpn"), S("InitiatingProcessCommandLine"),
    DT("InitiatingProcessCreationTime"), S("InitiatingProcessFileName"),
    S("InitiatingProcessFolderPath"), L("InitiatingProcessId"),
    S("InitiatingProcessIntegrityLevel"), S("InitiatingProcessMD5"),
    DT("InitiatingProcessParentCreationTime"), S("InitiatingProcessParentFileName"),
    L("InitiatingProcessParentId"), S("InitiatingProcessSHA1"), S("InitiatingProcessSHA256"),
    S("InitiatingProcessTokenElevation"), B("IsLocalAdmin"), L("LogonId"), S("LogonType"),
    S("MachineGroup"), S("Protocol"), S("RemoteDeviceName"), S("RemoteIP"),
    S("RemoteIPType"), I("RemotePort"), L("ReportId"), S("SourceSystem"), S("TenantId"),
    DT("TimeGenerated"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* deviceregistryevents.md */
static const kq_catalog_column deviceregistryevents_cols[] = {
    S("ActionType"), S("AppGuardContainerId"), S("DeviceId"), S("DeviceName"),
    S("InitiatingProcessAccountDomain"), S("InitiatingProcessAccountName"),
    S("InitiatingProcessAccountObjectId"), S("InitiatingProcessAccountSid"),
    S("InitiatingProcessAccountUpn"), S("InitiatingProcessCommandLine"),
    DT("InitiatingProcessCreationTime"), S("InitiatingProcessFileName"),
    S("InitiatingProcessFolderPath"), L("InitiatingProcessId"),
    S("InitiatingProcessIntegrityLevel"), S("InitiatingProcessMD5"),
    DT("InitiatingProcessParentCreationTime"), S("InitiatingProcessParentFileName"),
    L("InitiatingProcessParentId"), S("InitiatingProcessSHA1"), S("InitiatingProcessSHA256"),
    S("InitiatingProcessTokenElevation"), S("MachineGroup"), S("PreviousRegistryKey"),
    S("PreviousRegistryValueData"), S("PreviousRegistryValueName"), S("RegistryKey"),
    S("RegistryValueData"), S("RegistryValueName"), S("RegistryValueType"), L("ReportId"),
    S("SourceSystem"), S("TenantId"), DT("TimeGenerated"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* deviceimageloadevents.md */
static const kq_catalog_column deviceimageloadevents_cols[] = {
    S("ActionType"), S("AppGuardContainerId"), S("DeviceId"), S("DeviceName"), S("FileName"),
    S("FolderPath"), S("InitiatingProcessAccountDomain"), S("InitiatingProcessAccountName"),
    S("InitiatingProcessAccountObjectId"), S("InitiatingProcessAccountSid"),
    S("InitiatingProcessAccountUpn"), S("InitiatingProcessCommandLine"),
    DT("InitiatingProcessCreationTime"), S("InitiatingProcessFileName"),
    L("InitiatingProcessFileSize"), S("InitiatingProcessFolderPath"), L("InitiatingProcessId"),
    S("InitiatingProcessIntegrityLevel"), S("InitiatingProcessMD5"),
    DT("InitiatingProcessParentCreationTime"), S("InitiatingProcessParentFileName"),
    L("InitiatingProcessParentId"), S("InitiatingProcessSHA1"), S("InitiatingProcessSHA256"),
    S("InitiatingProcessTokenElevation"), S("InitiatingProcessVersionInfoCompanyName"),
    S("InitiatingProcessVersionInfoFileDescription"),
    S("InitiatingProcessVersionInfoInternalFileName"),
    S("InitiatingProcessVersionInfoOriginalFileName"), S("InitiatingProcessVersionInfoProductName"),
    S("InitiatingProcessVersionInfoProductVersion"), S("MachineGroup"), S("MD5"), L("ReportId"),
    S("SHA1"), S("SHA256"), S("SourceSystem"), S("TenantId"), DT("TimeGenerated"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* deviceinfo.md */
static const kq_catalog_column deviceinfo_cols[] = {
    S("AadDeviceId"), DY("AdditionalFields"), S("ClientVersion"), S("DeviceCategory"),
    S("DeviceId"), S("DeviceName"), S("DeviceObjectId"), S("DeviceSubtype"), S("DeviceType"),
    B("IsAzureADJoined"), S("JoinType"), DY("LoggedOnUsers"), S("MachineGroup"),
    S("MergedDeviceIds"), S("MergedToDeviceId"), S("Model"), S("OnboardingStatus"),
    S("OSArchitecture"), L("OSBuild"), S("OSDistribution"), S("OSPlatform"), S("OSVersion"),
    S("OSVersionInfo"), S("PublicIP"), S("RegistryDeviceTag"), L("ReportId"),
    S("SourceSystem"), S("TenantId"), DT("TimeGenerated"), S("Type"), S("Vendor"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* devicenetworkinfo.md */
static const kq_catalog_column devicenetworkinfo_cols[] = {
    DY("ConnectedNetworks"), DY("DefaultGateways"), S("DeviceId"), S("DeviceName"),
    DY("DnsAddresses"), DY("IPAddresses"), S("IPv4Dhcp"), S("IPv6Dhcp"), S("MacAddress"),
    S("MachineGroup"), S("NetworkAdapterName"), S("NetworkAdapterStatus"),
    S("NetworkAdapterType"), S("NetworkAdapterVendor"), L("ReportId"), S("SourceSystem"),
    S("TenantId"), DT("TimeGenerated"), S("TunnelType"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* identitylogonevents.md */
static const kq_catalog_column identitylogonevents_cols[] = {
    S("AccountDisplayName"), S("AccountDomain"), S("AccountName"), S("AccountObjectId"),
    S("AccountSid"), S("AccountUpn"), S("ActionType"), DY("AdditionalFields"),
    S("Application"), S("DestinationDeviceName"), S("DestinationIPAddress"),
    S("DestinationPort"), S("DeviceName"), S("DeviceType"), S("FailureReason"),
    S("IPAddress"), S("ISP"), S("Location"), S("LogonType"), S("OSPlatform"), S("Port"),
    S("Protocol"), S("ReportId"), S("SourceSystem"), S("TargetAccountDisplayName"),
    S("TargetDeviceName"), S("TenantId"), DT("TimeGenerated"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* includes/identityqueryevents-include.md (identityqueryevents.md includes it) */
static const kq_catalog_column identityqueryevents_cols[] = {
    S("AccountDisplayName"), S("AccountDomain"), S("AccountName"), S("AccountObjectId"),
    S("AccountSid"), S("AccountUpn"), S("ActionType"), DY("AdditionalFields"),
    S("Application"), R("_BilledSize"), S("DestinationDeviceName"),
    S("DestinationIPAddress"), S("DestinationPort"), S("DeviceName"), S("IPAddress"),
    S("_IsBillable"), S("Location"), S("Port"), S("Protocol"), S("Query"), S("QueryTarget"),
    S("QueryType"), S("ReportId"), S("SourceSystem"), S("TargetAccountDisplayName"),
    S("TargetAccountUpn"), S("TargetDeviceName"), S("TenantId"), DT("TimeGenerated"),
    S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* includes/identitydirectoryevents-include.md (identitydirectoryevents.md includes it) */
static const kq_catalog_column identitydirectoryevents_cols[] = {
    S("AccountDisplayName"), S("AccountDomain"), S("AccountName"), S("AccountObjectId"),
    S("AccountSid"), S("AccountUpn"), S("ActionType"), DY("AdditionalFields"),
    S("Application"), R("_BilledSize"), S("DestinationDeviceName"),
    S("DestinationIPAddress"), S("DestinationPort"), S("DeviceName"), S("IPAddress"),
    S("_IsBillable"), S("ISP"), S("Location"), S("Port"), S("Protocol"), S("ReportId"),
    S("SourceSystem"), S("TargetAccountDisplayName"), S("TargetAccountUpn"),
    S("TargetDeviceName"), S("TenantId"), DT("TimeGenerated"), S("Type"),
    DT("Timestamp"), /* added: the Defender XDR schema this table streams from */
};

/* securityincident.md */
static const kq_catalog_column securityincident_cols[] = {
    DY("AdditionalData"), DY("AlertIds"), DY("BookmarkIds"), S("Classification"),
    S("ClassificationComment"), S("ClassificationReason"), DT("ClosedTime"), DY("Comments"),
    DT("CreatedTime"), S("Description"), DT("FirstActivityTime"), DT("FirstModifiedTime"),
    S("IncidentName"), I("IncidentNumber"), S("IncidentUrl"), DY("Labels"),
    DT("LastActivityTime"), DT("LastModifiedTime"), S("ModifiedBy"), DY("Owner"),
    S("ProviderIncidentId"), S("ProviderName"), DY("RelatedAnalyticRuleIds"), S("Severity"),
    S("SourceSystem"), S("Status"), DY("Tasks"), S("TenantId"), DT("TimeGenerated"),
    S("Title"), S("Type"),
};

/* includes/w3ciislog-include.md (w3ciislog.md has the same columns but _BilledSize/_IsBillable) */
static const kq_catalog_column w3ciislog_cols[] = {
    S("AzureDeploymentID"), R("_BilledSize"), S("cIP"), S("Computer"), S("Confidence"),
    L("csBytes"), S("csCookie"), S("csHost"), S("csMethod"), S("csReferer"), S("csUriQuery"),
    S("csUriStem"), S("csUserAgent"), S("csUserName"), S("csVersion"), S("Description"),
    S("FirstReportedDateTime"), S("IndicatorThreatType"), S("IsActive"), S("_IsBillable"),
    S("LastReportedDateTime"), S("MaliciousIP"), S("ManagementGroupName"),
    S("RemoteIPCountry"), R("RemoteIPLatitude"), R("RemoteIPLongitude"), S("_ResourceId"),
    S("Role"), S("RoleInstance"), L("scBytes"), S("scStatus"), S("scSubStatus"),
    S("scWin32Status"), I("Severity"), S("sIP"), S("SourceSystem"), I("sPort"),
    S("sSiteName"), S("StorageAccount"), S("_SubscriptionId"),
    S("TenantId"), /* added: the standard workspace column, absent from the page */
    DT("TimeGenerated"), L("TimeTaken"), S("TLPLevel"), S("Type"),
};

/* includes/aadnoninteractiveusersigninlogs-include.md (the table page includes it) */
static const kq_catalog_column aadnonint_cols[] = {
    S("AlternateSignInName"), S("AppDisplayName"), S("AppId"), DY("AppliedEventListeners"),
    S("AuthenticationContextClassReferences"), S("AuthenticationDetails"),
    S("AuthenticationMethodsUsed"), S("AuthenticationProcessingDetails"),
    S("AuthenticationProtocol"), S("AuthenticationRequirement"),
    S("AuthenticationRequirementPolicies"), S("AutonomousSystemNumber"), R("_BilledSize"),
    S("Category"), S("ClientAppUsed"), S("ConditionalAccessPolicies"),
    S("ConditionalAccessStatus"), S("CorrelationId"), DT("CreatedDateTime"),
    S("CrossTenantAccessType"), S("DeviceDetail"), L("DurationMs"), S("HomeTenantId"),
    S("Id"), S("Identity"), S("IPAddress"), S("_IsBillable"), B("IsInteractive"),
    B("IsRisky"), S("Level"), S("Location"), S("LocationDetails"), S("MfaDetail"),
    S("NetworkLocationDetails"), S("OperationName"), S("OperationVersion"),
    S("OriginalRequestId"), S("ProcessingTimeInMs"), S("ResourceDisplayName"),
    S("ResourceGroup"), S("ResourceIdentity"), S("ResourceServicePrincipalId"),
    S("ResourceTenantId"), S("ResultDescription"), S("ResultSignature"), S("ResultType"),
    S("RiskDetail"), S("RiskEventTypes"), S("RiskEventTypes_V2"), S("RiskLevelAggregated"),
    S("RiskLevelDuringSignIn"), S("RiskState"), S("ServicePrincipalId"),
    S("SessionLifetimePolicies"), S("SignInEventTypes"), S("SignInIdentifierType"),
    S("SourceSystem"), S("Status"), S("TenantId"), DT("TimeGenerated"), S("TokenIssuerName"),
    S("TokenIssuerType"), S("Type"), S("UniqueTokenIdentifier"), S("UserAgent"),
    S("UserDisplayName"), S("UserId"), S("UserPrincipalName"), S("UserType"),
};

/* azurediagnostics.md: only the common fixed columns (the page's columns without a type
 * suffix such as _s/_d/_g/_t/_b), each once although the page lists some twice (with
 * String and Guid for SubscriptionId: guid -> string). AdditionalFields has no type on the
 * page; the page's text describes it as the dynamic property bag. DurationMs is BigInt. */
static const kq_catalog_column azurediagnostics_cols[] = {
    DY("AdditionalFields"), S("CallerIPAddress"), S("Category"), S("CorrelationId"),
    L("DurationMs"), S("Level"), S("Message"), S("OperationName"), S("OperationVersion"),
    S("Resource"), S("ResourceGroup"), S("_ResourceId"), S("ResourceProvider"),
    S("ResourceType"), S("ResultDescription"), S("ResultSignature"), S("ResultType"),
    S("SourceSystem"), S("SubscriptionId"), S("TenantId"), DT("TimeGenerated"), S("Type"),
};

/* anomalies.md */
static const kq_catalog_column anomalies_cols[] = {
    DY("ActivityInsights"), DY("AnomalyDetails"), DY("AnomalyReasons"),
    S("AnomalyTemplateId"), S("AnomalyTemplateName"), S("AnomalyTemplateVersion"),
    R("_BilledSize"), S("Description"), S("DestinationDevice"), S("DestinationIpAddress"),
    DY("DestinationLocation"), DY("DeviceInsights"), DT("EndTime"), DY("Entities"),
    DY("ExtendedLinks"), DY("ExtendedProperties"), S("Id"), S("_IsBillable"),
    S("RuleConfigVersion"), S("RuleId"), S("RuleName"), S("RuleStatus"), R("Score"),
    S("SourceDevice"), S("SourceIpAddress"), DY("SourceLocation"), S("SourceSystem"),
    DT("StartTime"), S("Tactics"), S("Techniques"), S("TenantId"), DT("TimeGenerated"),
    S("Type"), DY("UserInsights"), S("UserName"), S("UserPrincipalName"), S("VendorName"),
    S("WorkspaceId"),
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
    TABLE("AuditLogs", "Microsoft Entra ID", auditlogs_cols),
    TABLE("OfficeActivity", "Microsoft 365 (formerly Office 365)", officeactivity_cols),
    TABLE("SecurityAlert", "Microsoft Sentinel", securityalert_cols),
    TABLE("AzureActivity", "Azure Activity", azureactivity_cols),
    TABLE("AWSCloudTrail", "Amazon Web Services", awscloudtrail_cols),
    TABLE("IdentityInfo", "Microsoft Sentinel UEBA", identityinfo_cols),
    TABLE("CloudAppEvents", "Microsoft Defender XDR", cloudappevents_cols),
    TABLE("Event", "Windows event logs (legacy agent)", event_cols),
    TABLE("EmailEvents", "Microsoft Defender XDR", emailevents_cols),
    TABLE("BehaviorAnalytics", "Microsoft Sentinel", behavioranalytics_cols),
    TABLE("AlertInfo", "Microsoft Defender XDR", alertinfo_cols),
    TABLE("AlertEvidence", "Microsoft Defender XDR", alertevidence_cols),
    TABLE("DeviceLogonEvents", "Microsoft Defender XDR", devicelogonevents_cols),
    TABLE("DeviceRegistryEvents", "Microsoft Defender XDR", deviceregistryevents_cols),
    TABLE("DeviceImageLoadEvents", "Microsoft Defender XDR", deviceimageloadevents_cols),
    TABLE("DeviceInfo", "Microsoft Defender XDR", deviceinfo_cols),
    TABLE("DeviceNetworkInfo", "Microsoft Defender XDR", devicenetworkinfo_cols),
    TABLE("IdentityLogonEvents", "Microsoft Defender XDR", identitylogonevents_cols),
    TABLE("IdentityQueryEvents", "Microsoft Defender XDR", identityqueryevents_cols),
    TABLE("IdentityDirectoryEvents", "Microsoft Defender XDR", identitydirectoryevents_cols),
    TABLE("SecurityIncident", "Microsoft Sentinel", securityincident_cols),
    TABLE("W3CIISLog", "IIS logs", w3ciislog_cols),
    TABLE("AADNonInteractiveUserSignInLogs", "Microsoft Entra ID", aadnonint_cols),
    TABLE("AzureDiagnostics", "Azure diagnostics", azurediagnostics_cols),
    TABLE("Anomalies", "Microsoft Sentinel", anomalies_cols),
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
