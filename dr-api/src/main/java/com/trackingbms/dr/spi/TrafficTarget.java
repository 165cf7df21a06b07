package com.trackingbms.dr.spi;

import java.util.Objects;

/**
 * Where a site receives traffic: the address that DNS records and load balancers point at when the site is active
 * (a load balancer DNS name, an IP, a target group ARN).
 *
 * @param address the address routers write
 */
public record TrafficTarget(String address) {

    /** Checks the address is present and not blank. */
    public TrafficTarget {
        Objects.requireNonNull(address, "address");
        if (address.isBlank()) {
            throw new IllegalArgumentException("traffic target address is blank; give the DNS name or IP of the site's entry point");
        }
    }

    /** The target with the given address. */
    public static TrafficTarget of(String address) {
        return new TrafficTarget(address);
    }
}
