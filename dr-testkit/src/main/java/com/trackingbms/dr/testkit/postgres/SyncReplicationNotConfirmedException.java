package com.trackingbms.dr.testkit.postgres;

import java.sql.SQLException;
import java.time.Duration;

/**
 * A commit waited for the synchronous standby longer than the query timeout and the wait was cancelled. PostgreSQL
 * has then committed the transaction <em>locally</em> but no standby confirmed it: the write must not count as
 * acknowledged (a failover may lose it). Without this, pgJDBC reports the cancelled wait only as a warning.
 */
public class SyncReplicationNotConfirmedException extends SQLException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the server's warning text. */
    public SyncReplicationNotConfirmedException(String node, Duration timeout, String serverWarning) {
        super("commit on " + node + " was not confirmed by a synchronous standby within " + timeout
                + " (is the synchronous standby down?); the transaction is committed locally only. Server said: "
                + serverWarning, "57014");
    }
}
