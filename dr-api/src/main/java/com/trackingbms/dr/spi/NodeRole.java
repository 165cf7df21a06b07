package com.trackingbms.dr.spi;

/** What a database or cache node is doing right now. */
public enum NodeRole {
    /** Accepts writes. */
    PRIMARY,
    /** Replicates from a primary (or replays from an archive). */
    STANDBY,
    /** Could not be determined (unreachable, or the answer was inconsistent). */
    UNKNOWN
}
