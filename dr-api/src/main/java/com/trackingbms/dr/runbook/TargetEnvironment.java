package com.trackingbms.dr.runbook;

import java.util.Locale;

/** Where a runbook restores to. */
public enum TargetEnvironment {
    /** The real thing. */
    PRODUCTION,
    /** A pre-production copy. */
    STAGING,
    /** A throw-away environment for a recovery drill. */
    DRILL;

    /** The lower-case name handed to provisioners ("drill"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
