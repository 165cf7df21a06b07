package com.trackingbms.dr.alert.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertDeliveryException;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.WebhookOptions;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Posts Slack-compatible JSON with the JDK HTTP client; retries connection failures, timeouts, 429 and 5xx with
 * exponential backoff (Resilience4j {@link Retry}); other 4xx answers are not retried (the request itself is wrong).
 */
public final class WebhookAlertSink implements AlertSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final WebhookOptions options;
    private final HttpClient client;
    private final Retry retry;
    private final String name;

    /** Creates the sink. */
    public WebhookAlertSink(URI url, WebhookOptions options) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            throw new IllegalArgumentException("webhook url must be an absolute http(s) URL with a host; got scheme '" + scheme + "'");
        }
        this.url = url;
        this.options = options;
        this.client = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.name = options.name() != null ? options.name() : "webhook " + url.getHost();
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(options.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(options.backoff(), 2.0))
                .retryOnException(e -> e instanceof IOException || e instanceof RetryableStatus)
                .failAfterMaxAttempts(false)
                .build());
    }

    /** A status worth retrying (429, 5xx). */
    private static final class RetryableStatus extends Exception {
        private static final long serialVersionUID = 1L;

        RetryableStatus(String message) {
            super(message);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert) throws AlertDeliveryException, InterruptedException {
        byte[] body = payload(alert);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            Retry.decorateCheckedSupplier(retry, () -> {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 429 || status >= 500) {
                    throw new RetryableStatus("HTTP " + status);
                }
                if (status < 200 || status >= 300) {
                    throw new AlertDeliveryException(name + " refused the alert with HTTP " + status + ": " + abbreviate(response.body()), null);
                }
                return status;
            }).get();
        } catch (AlertDeliveryException | InterruptedException e) {
            throw e;
        } catch (Throwable e) {
            if (e instanceof Error err) {
                throw err;
            }
            throw new AlertDeliveryException(name + " failed after " + options.attempts() + " attempts: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    /** The Slack-compatible body: {@code text} for plain hooks, one attachment with colour and fields for rich ones. */
    public static byte[] payload(Alert alert) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", "[" + alert.severity() + "] " + alert.plan() + ": " + alert.title());
        ObjectNode att = root.putArray("attachments").addObject();
        att.put("color", switch (alert.severity()) {
            case CRITICAL -> "danger";
            case WARNING -> "warning";
            default -> "good";
        });
        att.put("title", alert.title());
        att.put("text", alert.detail());
        att.put("ts", alert.time().getEpochSecond());
        ArrayNode fields = att.putArray("fields");
        fields.addObject().put("title", "plan").put("value", alert.plan()).put("short", true);
        fields.addObject().put("title", "severity").put("value", alert.severity().name()).put("short", true);
        for (Map.Entry<String, String> f : alert.fields().entrySet()) {
            fields.addObject().put("title", f.getKey()).put("value", f.getValue()).put("short", true);
        }
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render alert JSON", e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public String toString() {
        return "WebhookAlertSink[" + name + "]";
    }
}
