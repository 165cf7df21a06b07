package com.trackingbms.dr.testkit.redis;

import com.trackingbms.dr.Ports;
import java.util.Objects;

/**
 * A Redis server's address as a client outside the topology reaches it.
 *
 * @param host the host, 127.0.0.1 for local servers
 * @param port the TCP port
 */
public record RedisAddress(String host, int port) {

    /**
     * Validates the address.
     *
     * @param host the host name or IP address
     * @param port the TCP port
     */
    public RedisAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank: give a host name or IP address");
        }
        Ports.require(port, "port", "the Redis server's TCP port");
    }

    /** {@code host:port}. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
