package com.trackingbms.dr.spi;

import java.time.Duration;

/** One health check of a site: an HTTP endpoint, a database connection, a cache ping. */
public interface HealthProbe {

    /** A short stable name, used in timelines and alerts. */
    String name();

    /**
     * Checks the target once. Implementations should honour {@code timeout} themselves; the engine also abandons a
     * probe that overruns it and counts it as failed.
     *
     * @return the outcome; a thrown exception counts as a failure whose detail is the exception's message
     */
    ProbeResult probe(Duration timeout) throws Exception;
}
