package com.trackingbms.dr.spi;

import com.trackingbms.dr.spi.internal.HttpHealthProbe;
import java.net.URI;
import java.util.Objects;

/** Factories of the built-in health probes. */
public final class HealthProbes {

    private HealthProbes() {
    }

    /**
     * A GET on {@code url} with the JDK HTTP client, healthy on any 2xx answer within the probe timeout (the
     * runbook's {@code curl -f}). Redirects are not followed. The probe's name is the URL without user info or query.
     */
    public static HealthProbe http(URI url) {
        Objects.requireNonNull(url, "url");
        return new HttpHealthProbe(url);
    }

    /** {@link #http(URI)} from a string. */
    public static HealthProbe http(String url) {
        Objects.requireNonNull(url, "url");
        return http(URI.create(url));
    }
}
