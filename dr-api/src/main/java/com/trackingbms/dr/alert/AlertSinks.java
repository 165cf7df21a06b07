package com.trackingbms.dr.alert;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.alert.internal.LoggingAlertSink;
import com.trackingbms.dr.alert.internal.WebhookAlertSink;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

/** Factories of the built-in alert sinks. */
public final class AlertSinks {

    private AlertSinks() {
    }

    /** Logs alerts through SLF4J (logger {@code com.trackingbms.dr.alerts}): INFO, WARN or ERROR by severity. */
    public static AlertSink logging() {
        return new LoggingAlertSink();
    }

    /**
     * Posts Slack-compatible JSON ({@code text} plus one attachment with the fields) to a webhook, with the JDK
     * HTTP client, timeouts and retries (defaults: see {@link WebhookOptions}). The URL is treated as a secret: only
     * its host appears in the sink's name. A webhook that stays down makes {@code send} throw
     * {@link AlertDeliveryException}; the failover controller records that and carries on.
     */
    public static AlertSink webhook(URI url) {
        return webhook(url, o -> { });
    }

    /** {@link #webhook(URI)} with changed settings. */
    public static AlertSink webhook(URI url, Consumer<WebhookOptions> options) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        WebhookOptions o = new WebhookOptions();
        options.accept(o);
        return new WebhookAlertSink(url, o);
    }

    /** {@link #webhook(URI)} for a URL kept as a secret (a Slack webhook URL carries its token in the path). */
    public static AlertSink webhook(Secret url) {
        return webhook(url, o -> { });
    }

    /** {@link #webhook(Secret)} with changed settings. */
    public static AlertSink webhook(Secret url, Consumer<WebhookOptions> options) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = URI.create(url.revealString());
        } catch (IllegalArgumentException e) {
            // The message of URI.create would repeat the URL, token included.
            throw new IllegalArgumentException("webhook url is not a valid URI; give the full https:// address", null);
        }
        return webhook(uri, options);
    }
}
