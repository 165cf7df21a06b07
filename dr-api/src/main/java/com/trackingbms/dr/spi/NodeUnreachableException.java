package com.trackingbms.dr.spi;

/**
 * A node could not be reached at all (connection refused, connect timed out): nothing was changed on it. The engine
 * does not repeat a fence that fails this way: a node that cannot be reached cannot take writes either, the failover
 * moves traffic away from it before promoting anything, and the controller fences it as soon as it answers again.
 * Retrying would only add the retries' timeouts to the outage.
 */
public class NodeUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message naming the node and what was tried, and the underlying error. */
    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
