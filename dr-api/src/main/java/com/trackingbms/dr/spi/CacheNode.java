package com.trackingbms.dr.spi;

import java.time.Duration;

/** The cache of one site (for example a Redis master watched by Sentinel). */
public interface CacheNode {

    /** A short stable name ("montreal-redis"). */
    String name();

    /** The node's current role. */
    NodeRole role() throws Exception;

    /** Makes this site's cache the master; idempotent (a node that is already master is left alone). */
    void promote(Duration timeout) throws Exception;
}
