package com.trackingbms.dr.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the webhook sink, changed in the customizer of {@link AlertSinks#webhook(java.net.URI,
 * java.util.function.Consumer)}. Each setter checks its value and names it.
 */
public final class WebhookOptions {

    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private int attempts = 3;
    private Duration backoff = Duration.ofMillis(500);
    private String name;

    /** The defaults: 3 s to connect, 5 s per request, 3 attempts, 500 ms between attempts (doubling). */
    public WebhookOptions() {
    }

    /** How long connecting may take. */
    public WebhookOptions connectTimeout(Duration value) {
        this.connectTimeout = positive("connectTimeout", value);
        return this;
    }

    /** How long one request may take, from sending to the response. */
    public WebhookOptions requestTimeout(Duration value) {
        this.requestTimeout = positive("requestTimeout", value);
        return this;
    }

    /** How many attempts in all (1 = no retry). */
    public WebhookOptions attempts(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("attempts " + value + " must be at least 1");
        }
        this.attempts = value;
        return this;
    }

    /** The first wait between attempts, doubled after each. */
    public WebhookOptions backoff(Duration value) {
        this.backoff = positive("backoff", value);
        return this;
    }

    /** The sink's name in timelines and logs (default: "webhook " + host); never put the token here. */
    public WebhookOptions name(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("name is blank; give e.g. \"slack #ops\"");
        }
        this.name = value;
        return this;
    }

    /** How long connecting may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one request may take. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How many attempts in all. */
    public int attempts() {
        return attempts;
    }

    /** The first wait between attempts. */
    public Duration backoff() {
        return backoff;
    }

    /** The sink's name, or null for the default. */
    public String name() {
        return name;
    }

    private static Duration positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " " + value + " is not positive; give e.g. Duration.ofSeconds(5)");
        }
        return value;
    }
}
