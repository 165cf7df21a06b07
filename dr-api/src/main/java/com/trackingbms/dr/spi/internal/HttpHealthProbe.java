package com.trackingbms.dr.spi.internal;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.spi.HealthProbe;
import com.trackingbms.dr.spi.ProbeResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** {@link com.trackingbms.dr.spi.HealthProbes#http(URI)}. */
public final class HttpHealthProbe implements HealthProbe {

    private final URI url;
    private final String name;
    private final HttpClient client;

    /** Creates the probe; the client is shared by every call. */
    public HttpHealthProbe(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("health probe url must be an absolute http(s) URL with a host, e.g. https://app.example.com/health; got scheme '"
                    + scheme + "'");
        }
        this.url = url;
        this.name = "http " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
        // A new connection per round would add a handshake to every probe; one client reuses them.
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<Void> response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            int status = response.statusCode();
            String detail = "HTTP " + status + " in " + Durations.format(took);
            return status >= 200 && status < 300 ? ProbeResult.healthy(detail, took) : ProbeResult.unhealthy(detail, took);
        } catch (java.util.concurrent.TimeoutException e) {
            return ProbeResult.unhealthy("timed out after " + Durations.format(timeout), Duration.ofNanos(System.nanoTime() - t0));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (c instanceof HttpTimeoutException) {
                return ProbeResult.unhealthy("timed out after " + Durations.format(timeout), took);
            }
            if (c instanceof IOException) {
                return ProbeResult.unhealthy(c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()), took);
            }
            return ProbeResult.unhealthy("probe failed: " + c, took);
        }
    }

    @Override
    public String toString() {
        return "HttpHealthProbe[" + name + "]";
    }
}
