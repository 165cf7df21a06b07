package com.trackingbms.dr.testkit.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.trackingbms.dr.Ports;
import com.trackingbms.dr.testkit.internal.FirstLineNotifier;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A site's HTTP face (health endpoint and other APIs) served by WireMock on a free 127.0.0.1 port, with faults a
 * test can switch at any moment: healthy, an error status, slow answers, connection reset.
 *
 * <pre>{@code
 * try (HttpSiteStub montreal = HttpSiteStub.start()) {
 *     HealthProbe probe = http(montreal.healthUrl());
 *     montreal.health().failWith(503);          // the next probes see 503
 *     montreal.health().resetConnections();     // then TCP resets
 * }
 * }</pre>
 *
 * <p>For anything the controls below do not cover, {@link #wireMock()} gives the underlying server.
 */
public final class HttpSiteStub implements AutoCloseable {

    /** The health path used unless the builder says otherwise. */
    public static final String DEFAULT_HEALTH_PATH = "/health";

    private final WireMockServer server;
    private final String healthPath;
    private final int port;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    private HttpSiteStub(WireMockServer server, String healthPath) {
        this.server = server;
        this.healthPath = healthPath;
        // Kept, so URLs stay known after close(): a closed stub is a site that refuses connections.
        this.port = server.port();
    }

    /**
     * Starts a stub whose {@value #DEFAULT_HEALTH_PATH} answers 200 with {@code {"status":"UP"}}.
     *
     * @return the running stub; close it to stop it
     */
    public static HttpSiteStub start() {
        return builder().start();
    }

    /**
     * Starts configuring a stub.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base URL, e.g. {@code http://127.0.0.1:41234}.
     *
     * @return the base URL, {@code http://127.0.0.1:PORT}
     */
    public URI baseUrl() {
        return URI.create(base());
    }

    // WireMock's own baseUrl() says "localhost", which may resolve to ::1 while the server listens on 127.0.0.1 only.
    private String base() {
        return "http://" + LoopbackPorts.HOST + ":" + port;
    }

    /**
     * The URL of a path on this stub.
     *
     * @param path the path, starting with '/'
     * @return the URL of a path on this stub
     */
    public URI url(String path) {
        return URI.create(base() + checkPath(path));
    }

    /**
     * The health endpoint's URL.
     *
     * @return the health endpoint's URL
     */
    public URI healthUrl() {
        return url(healthPath);
    }

    /**
     * The port the stub listens on (or listened on, once closed).
     *
     * @return the port the stub listens on (or listened on, once closed)
     */
    public int port() {
        return port;
    }

    /**
     * Whether the stub still serves (false after {@link #close()}, when connections are refused).
     *
     * @return whether the stub still serves (false after {@link #close()}, when connections are refused)
     */
    public boolean isRunning() {
        return server.isRunning();
    }

    /**
     * Controls of the health endpoint.
     *
     * @return controls of the health endpoint
     */
    public Endpoint health() {
        return endpoint(healthPath);
    }

    /**
     * Controls of any path (all methods); a path first used here answers 404 until told otherwise.
     *
     * @param path the path, starting with '/'
     * @return controls of any path (all methods)
     */
    public Endpoint endpoint(String path) {
        String p = checkPath(path);
        return endpoints.computeIfAbsent(p, Endpoint::new);
    }

    /**
     * Makes {@code method path} answer {@code status} with a JSON body (for APIs a plan calls).
     *
     * @param method the HTTP method (GET, PUT ...)
     * @param path the path, starting with '/'
     * @param status the HTTP status (100-599)
     * @param json the JSON body
     * @return WireMock's mapping, to remove or inspect it
     */
    public StubMapping stubJson(String method, String path, int status, String json) {
        checkStatus(status);
        Objects.requireNonNull(json, "json");
        return server.stubFor(request(checkMethod(method), urlPathEqualTo(checkPath(path)))
                .atPriority(1)
                .willReturn(jsonResponse(status, json)));
    }

    /**
     * How many requests reached a path (any method) since the start or the last {@link #resetRequests()}.
     *
     * @param path the path, starting with '/'
     * @return how many requests reached a path (any method) since the start or the last {@link #resetRequests()}
     */
    public int requestCount(String path) {
        return server.countRequestsMatching(anyRequestedFor(urlPathEqualTo(checkPath(path))).build()).getCount();
    }

    /** Forgets the recorded requests (stubs and faults stay). */
    public void resetRequests() {
        server.resetRequests();
    }

    /**
     * The underlying WireMock server, for stubs beyond these controls.
     *
     * @return the underlying WireMock server, for stubs beyond these controls
     */
    public WireMockServer wireMock() {
        return server;
    }

    /** Stops the stub. */
    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "HttpSiteStub[" + base() + ", health=" + healthPath + "]";
    }

    private static ResponseDefinitionBuilder jsonResponse(int status, String json) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json);
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with '/' (e.g. \"/health\")");
        }
        return path;
    }

    private static String checkMethod(String method) {
        Objects.requireNonNull(method, "method");
        String m = method.toUpperCase(Locale.ROOT);
        if (!m.matches("[A-Z]+")) {
            throw new IllegalArgumentException("method '" + method + "' is not an HTTP method name (e.g. \"GET\")");
        }
        return m;
    }

    private static void checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status: use 100-599");
        }
    }

    /**
     * The behaviour of one path, for every method. Each call replaces the previous behaviour; the stubs made by
     * {@link HttpSiteStub#stubJson} for the same path take precedence.
     */
    public final class Endpoint {

        private final String path;
        private final List<StubMapping> current = new ArrayList<>();
        private int scenarios;

        private Endpoint(String path) {
            this.path = path;
        }

        /**
         * The path this endpoint controls.
         *
         * @return the path this endpoint controls
         */
        public String path() {
            return path;
        }

        /**
         * Answers 200 with {@code {"status":"UP"}}.
         *
         * @return this endpoint, for chaining
         */
        public Endpoint healthy() {
            return respond(jsonResponse(200, "{\"status\":\"UP\"}"));
        }

        /**
         * Answers {@code status} with a JSON body.
         *
         * @param status the HTTP status (100-599)
         * @param json the JSON body
         * @return this endpoint, for chaining
         */
        public Endpoint respondJson(int status, String json) {
            checkStatus(status);
            Objects.requireNonNull(json, "json");
            return respond(jsonResponse(status, json));
        }

        /**
         * Answers {@code status} (typically 5xx) with {@code {"status":"DOWN"}}.
         *
         * @param status the HTTP status (100-599)
         * @return this endpoint, for chaining
         */
        public Endpoint failWith(int status) {
            checkStatus(status);
            return respond(jsonResponse(status, "{\"status\":\"DOWN\"}"));
        }

        /**
         * Answers healthy, but only after {@code delay} (to trip probe timeouts).
         *
         * @param delay how long each answer waits
         * @return this endpoint, for chaining
         */
        public Endpoint slow(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("delay " + delay + " must be between 0 and " + Integer.MAX_VALUE + " ms");
            }
            return respond(jsonResponse(200, "{\"status\":\"UP\"}").withFixedDelay((int) delay.toMillis()));
        }

        /**
         * Resets every connection that asks (TCP RST), as a crashed proxy or a dropped link would.
         *
         * @return this endpoint, for chaining
         */
        public Endpoint resetConnections() {
            return respond(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        }

        /**
         * Closes the connection without answering anything.
         *
         * @return this endpoint, for chaining
         */
        public Endpoint emptyResponse() {
            return respond(aResponse().withFault(Fault.EMPTY_RESPONSE));
        }

        /**
         * Answers {@code status} to the next {@code count} requests, then healthy again: a blip shorter or longer
         * than a detection policy's threshold of consecutive failures.
         *
         * @param count how many requests fail (at least 1)
         * @param status the HTTP status of the failures (100-599)
         * @return this endpoint, for chaining
         */
        public synchronized Endpoint failNext(int count, int status) {
            if (count < 1) {
                throw new IllegalArgumentException("count " + count + " must be at least 1");
            }
            checkStatus(status);
            // A fresh scenario per call, so a previous blip's state never leaks into this one.
            String scenario = "fail-next " + path + " #" + (++scenarios);
            List<StubMapping> next = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                next.add(server.stubFor(any(urlPathEqualTo(path)).atPriority(5)
                        .inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed-" + i)
                        .willSetStateTo(i + 1 == count ? "recovered" : "failed-" + (i + 1))
                        .willReturn(jsonResponse(status, "{\"status\":\"DOWN\"}"))));
            }
            next.add(server.stubFor(any(urlPathEqualTo(path)).atPriority(5)
                    .inScenario(scenario).whenScenarioStateIs("recovered")
                    .willReturn(jsonResponse(200, "{\"status\":\"UP\"}"))));
            return replace(next);
        }

        private synchronized Endpoint respond(ResponseDefinitionBuilder response) {
            MappingBuilder mapping = any(urlPathEqualTo(path)).atPriority(5).willReturn(response);
            return replace(List.of(server.stubFor(mapping)));
        }

        private synchronized Endpoint replace(List<StubMapping> next) {
            current.forEach(server::removeStub);
            current.clear();
            current.addAll(next);
            return this;
        }
    }

    /** Configures and starts an {@link HttpSiteStub}. */
    public static final class Builder {

        private String healthPath = DEFAULT_HEALTH_PATH;
        private int port;

        private Builder() {
        }

        /**
         * The health endpoint's path; {@value HttpSiteStub#DEFAULT_HEALTH_PATH} by default.
         *
         * @param path the path, starting with '/'
         * @return this builder
         */
        public Builder healthPath(String path) {
            this.healthPath = checkPath(path);
            return this;
        }

        /**
         * A fixed port; by default a free one is chosen. Use only when a URL must be known before start.
         *
         * @param port the TCP port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = Ports.require(port, "port", "a free port, or leave it unset for a random one");
            return this;
        }

        /**
         * Starts the stub on 127.0.0.1 with a healthy health endpoint.
         *
         * @return the running stub; close it to stop it
         */
        public HttpSiteStub start() {
            // WireMock's own notifiers print unmatched requests with bodies and the closest stub's: credentials included.
            var config = wireMockConfig().bindAddress(LoopbackPorts.HOST).notifier(new FirstLineNotifier());
            config = port == 0 ? config.dynamicPort() : config.port(port);
            WireMockServer server = new WireMockServer(config);
            try {
                server.start();
            } catch (RuntimeException e) {
                throw new EmulatorException("WireMock did not start on " + LoopbackPorts.HOST
                        + (port == 0 ? "" : ":" + port + " (is the port taken?)"), e);
            }
            HttpSiteStub stub = new HttpSiteStub(server, healthPath);
            stub.health().healthy();
            return stub;
        }
    }
}
