package com.trackingbms.dr;

/** The part a site plays in the plan. */
public enum SiteRole {
    /** Serves production traffic and writes. Exactly one per plan. */
    PRIMARY,
    /** Running and continuously replicated; can take over within minutes. */
    HOT_STANDBY,
    /** Provisioned at reduced capacity and synced periodically; activated by an operator. */
    WARM_STANDBY,
    /** Backups only; infrastructure is built when it is needed. */
    COLD_BACKUP;

    /** Lower-case name with dashes, as written in descriptions and reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
