package com.trackingbms.dr;

/** How a streaming standby acknowledges the primary's writes. */
public enum ReplicationMode {
    /** A commit returns only once the standby has the write: no acknowledged write is lost on failover. */
    SYNCHRONOUS,
    /** The standby follows the primary with a lag: a failover may lose the writes still in flight. */
    ASYNCHRONOUS
}
