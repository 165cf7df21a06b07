package com.trackingbms.dr.validation;

/** The outcome of a check. */
public enum CheckStatus {
    /** The check held. */
    PASSED,
    /** The check did not hold, threw, or timed out. */
    FAILED
}
