package com.trackingbms.dr.alert;

/** How urgent an alert is. */
public enum Severity {
    /** For the record. */
    INFO,
    /** Someone should look soon (a failed probe round, lag near the RPO). */
    WARNING,
    /** Someone must act now (failover started or failed, manual escalation). */
    CRITICAL
}
