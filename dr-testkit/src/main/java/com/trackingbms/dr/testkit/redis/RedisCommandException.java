package com.trackingbms.dr.testkit.redis;

import java.io.IOException;

/** A Redis server answered a command with an error reply ({@code -ERR ...}, {@code -READONLY ...}). */
public class RedisCommandException extends IOException {

    /** Creates the exception from the server's error text. */
    public RedisCommandException(String message) {
        super(message);
    }
}
