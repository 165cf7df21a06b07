package com.trackingbms.dr.testkit.redis;

import java.io.IOException;

/** A Redis server answered a command with an error reply ({@code -ERR ...}, {@code -READONLY ...}). */
public class RedisCommandException extends IOException {

    /**
     * Creates the exception from the server's error text.
     *
     * @param message what failed and how to fix it
     */
    public RedisCommandException(String message) {
        super(message);
    }
}
