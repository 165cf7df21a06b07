package com.trackingbms.dr.testkit.redis;

/** A Redis topology could not start, become ready, or do what a test asked; the message carries the servers' logs. */
public class RedisTopologyException extends RuntimeException {

    /**
     * Creates the exception with a message naming what failed and how to fix it.
     *
     * @param message what failed and how to fix it
     */
    public RedisTopologyException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and its cause.
     *
     * @param message what failed and how to fix it
     * @param cause the underlying failure
     */
    public RedisTopologyException(String message, Throwable cause) {
        super(message, cause);
    }
}
