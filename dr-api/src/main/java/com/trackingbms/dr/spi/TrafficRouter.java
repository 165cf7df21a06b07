package com.trackingbms.dr.spi;

import java.util.Optional;

/** Moves production traffic to a site: a DNS record, a load balancer's target group, a proxy. */
public interface TrafficRouter {

    /** A short stable name ("route53 api.trackingbms.com"). */
    String name();

    /** Points traffic at {@code target}; idempotent, and returns once the change is applied (not merely requested). */
    void routeTo(String siteName, TrafficTarget target) throws Exception;

    /** Where traffic goes now, if the router can tell. */
    Optional<TrafficTarget> current() throws Exception;
}
