package com.trackingbms.dr.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one probe.
 *
 * @param healthy whether the target answered as expected
 * @param detail what was seen ("HTTP 200", "connection refused", "timed out after 2s")
 * @param latency how long the probe took
 */
public record ProbeResult(boolean healthy, String detail, Duration latency) {

    /** Checks the fields. */
    public ProbeResult {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(latency, "latency");
    }

    /** A healthy outcome. */
    public static ProbeResult healthy(String detail, Duration latency) {
        return new ProbeResult(true, detail, latency);
    }

    /** A failed outcome. */
    public static ProbeResult unhealthy(String detail, Duration latency) {
        return new ProbeResult(false, detail, latency);
    }
}
