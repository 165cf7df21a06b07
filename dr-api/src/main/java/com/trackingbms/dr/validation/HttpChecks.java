package com.trackingbms.dr.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The runbook's HTTP validation checks, on the JDK HTTP client: endpoint status, latency baseline, load-balancer
 * spread, the end-to-end login flow, BMS connectivity, TLS certificate validity and security headers. Every request
 * is bounded by the check's timeout; details say what was seen and never contain credentials or tokens.
 */
public final class HttpChecks {

    /** The runbook's BMS integrations, each with a connectivity test endpoint. */
    public static final List<String> RUNBOOK_BMS_SYSTEMS = List.of("foxbms", "libresolar", "greenbms");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final X509TrustManager trust;
    private final Clock clock;

    private HttpChecks(HttpClient client, X509TrustManager trust, Clock clock) {
        this.client = client;
        this.trust = trust;
        this.clock = clock;
    }

    /**
     * Checks with a default client (HTTP/1.1, 5 s connect timeout, redirects followed) and the JVM's trusted CAs.
     * HTTP/1.1 because checks run in parallel and must stay independent: over HTTP/2 they share one connection,
     * and one endpoint answering garbage fails every check multiplexed with it.
     */
    public static HttpChecks defaults() {
        try {
            X509TrustManager jvm = trustManager(null);
            return new HttpChecks(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NORMAL).sslContext(sslContext(jvm)).build(), jvm, Clock.systemUTC());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default trust store cannot be loaded", e);
        }
    }

    /**
     * Checks with the given client; {@code trust} decides which certificates the TLS check accepts (build the
     * client's TLS context from the same trust with {@link #sslContext(X509TrustManager)}), {@code clock} gives
     * the time that certificate expiry is measured from.
     */
    public static HttpChecks using(HttpClient client, X509TrustManager trust, Clock clock) {
        return new HttpChecks(Objects.requireNonNull(client, "client"), Objects.requireNonNull(trust, "trust"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** The endpoint answers with one of {@code acceptedStatuses} (e.g. 200, or 401 for a protected endpoint). */
    public Check endpoint(String name, URI uri, int... acceptedStatuses) {
        Set<Integer> accepted = statuses(acceptedStatuses);
        return Check.of(name, ctx -> {
            long start = System.nanoTime();
            HttpResponse<Void> r = client.send(get(uri, ctx.timeout()), HttpResponse.BodyHandlers.discarding());
            String detail = "GET " + uri.getPath() + " -> HTTP " + r.statusCode() + " in " + Durations.format(since(start));
            return accepted.contains(r.statusCode()) ? Outcome.pass(detail) : Outcome.fail(detail + ", expected " + accepted);
        });
    }

    /**
     * {@code requests} sequential GETs: the average must stay within {@code averageBudget} and the 95th percentile
     * (nearest rank) within {@code p95Budget}; every answer must be 2xx. The runbook's budgets are 500 ms and 1 s.
     */
    public Check latency(String name, URI uri, int requests, Duration averageBudget, Duration p95Budget) {
        if (requests < 1) {
            throw new IllegalArgumentException("latency check '" + name + "' needs at least 1 request, got " + requests);
        }
        return Check.of(name, ctx -> {
            List<Duration> samples = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                HttpResponse<Void> r = client.send(get(uri, ctx.timeout()), HttpResponse.BodyHandlers.discarding());
                samples.add(since(start));
                if (r.statusCode() / 100 != 2) {
                    return Outcome.fail("request " + (i + 1) + " of " + requests + " answered HTTP " + r.statusCode());
                }
            }
            Duration avg = average(samples);
            Duration p95 = percentile(samples, 95.0);
            String detail = requests + " requests: average " + Durations.format(avg) + " (budget " + Durations.format(averageBudget)
                    + "), p95 " + Durations.format(p95) + " (budget " + Durations.format(p95Budget) + ")";
            return avg.compareTo(averageBudget) <= 0 && p95.compareTo(p95Budget) <= 0 ? Outcome.pass(detail) : Outcome.fail(detail);
        });
    }

    /** {@code requests} GETs reach at least {@code minDistinct} servers, as told by the {@code header} (e.g. X-Server-ID). */
    public Check loadBalancerSpread(String name, URI uri, int requests, String header, int minDistinct) {
        Objects.requireNonNull(header, "header");
        return Check.of(name, ctx -> {
            Set<String> servers = new TreeSet<>();
            int missing = 0;
            for (int i = 0; i < requests; i++) {
                HttpResponse<Void> r = client.send(get(uri, ctx.timeout()), HttpResponse.BodyHandlers.discarding());
                var value = r.headers().firstValue(header);
                if (value.isPresent()) {
                    servers.add(value.get());
                } else {
                    missing++;
                }
            }
            String detail = servers.size() + " distinct " + header + " values in " + requests + " requests " + servers
                    + (missing > 0 ? ", " + missing + " answers without the header" : "");
            return servers.size() >= minDistinct ? Outcome.pass(detail) : Outcome.fail(detail + ", expected at least " + minDistinct);
        });
    }

    /**
     * The end-to-end login flow: POST {@code {"username":..,"password":..}} as JSON to {@code loginUri}, read the token
     * from the JSON field {@code tokenField}, then GET {@code protectedUri} with {@code Authorization: Bearer <token>},
     * which must answer 2xx. Neither the password nor the token appears in the detail.
     */
    public Check loginFlow(String name, URI loginUri, String username, Secret password, String tokenField, URI protectedUri) {
        Objects.requireNonNull(password, "password");
        return Check.of(name, ctx -> {
            ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password.revealString());
            HttpRequest login = HttpRequest.newBuilder(loginUri).timeout(ctx.timeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> r = client.send(login, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                return Outcome.fail("login as " + username + " answered HTTP " + r.statusCode());
            }
            JsonNode token;
            try {
                token = JSON.readTree(r.body()).path(tokenField);
            } catch (JsonProcessingException e) {
                return Outcome.fail("login answer is not JSON (" + e.getOriginalMessage() + ")");
            }
            if (!token.isTextual() || token.asText().isBlank()) {
                return Outcome.fail("login answer has no '" + tokenField + "' string field");
            }
            HttpResponse<Void> p = client.send(HttpRequest.newBuilder(protectedUri).timeout(ctx.timeout())
                    .header("Authorization", "Bearer " + token.asText()).GET().build(), HttpResponse.BodyHandlers.discarding());
            String detail = "login as " + username + " ok, GET " + protectedUri.getPath() + " with the token -> HTTP " + p.statusCode();
            return p.statusCode() / 100 == 2 ? Outcome.pass(detail) : Outcome.fail(detail);
        });
    }

    /** One check per BMS system: {@code GET base/api/bms/<system>/test} answers 200. */
    public List<Check> bmsConnectivity(URI base, List<String> systems) {
        List<Check> checks = new ArrayList<>();
        for (String system : systems) {
            checks.add(endpoint("bms " + system + " connectivity", base.resolve("/api/bms/" + system + "/test"), 200));
        }
        return checks;
    }

    /** The server's TLS certificate is trusted and stays valid for at least {@code minDaysValid} more days. */
    public Check tlsCertificate(String name, String host, int port, int minDaysValid) {
        return Check.of(name, ctx -> {
            X509Certificate[][] seen = new X509Certificate[1][];
            SSLContext context = sslContext(capturing(seen));
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), (int) ctx.timeout().toMillis());
                socket.setSoTimeout((int) ctx.timeout().toMillis());
                socket.startHandshake();
            } catch (IOException e) {
                if (seen[0] != null && e.getCause() instanceof CertificateException ce) {
                    return Outcome.fail("certificate of " + host + " is not trusted: " + ce.getMessage());
                }
                throw e;
            }
            X509Certificate leaf = seen[0][0];
            Instant notAfter = leaf.getNotAfter().toInstant();
            long days = Duration.between(clock.instant(), notAfter).toDays();
            String detail = "certificate " + leaf.getSubjectX500Principal().getName() + " expires " + notAfter + ", in " + days + " days";
            return days >= minDaysValid ? Outcome.pass(detail) : Outcome.fail(detail + " (minimum " + minDaysValid + ")");
        });
    }

    /** The answer carries every header in {@code required} (e.g. Strict-Transport-Security, X-Content-Type-Options). */
    public Check securityHeaders(String name, URI uri, String... required) {
        List<String> headers = List.of(required);
        return Check.of(name, ctx -> {
            HttpResponse<Void> r = client.send(get(uri, ctx.timeout()), HttpResponse.BodyHandlers.discarding());
            List<String> missing = headers.stream().filter(h -> r.headers().firstValue(h).isEmpty()).toList();
            return missing.isEmpty() ? Outcome.pass("all " + headers.size() + " security headers present")
                    : Outcome.fail("missing security headers: " + String.join(", ", missing));
        });
    }

    /**
     * The runbook's standard HTTP categories for the site at {@code base}, with default options (see
     * {@link StandardOptions}).
     */
    public List<CheckCategory> standardCategories(URI base) {
        return standardCategories(base, o -> { });
    }

    /**
     * The runbook's standard HTTP categories for the site at {@code base}: application (health endpoints, a protected
     * endpoint answering 200 or 401, BMS connectivity), performance (latency baseline, and load-balancer spread when
     * a server header is set) and security (security headers, and the TLS certificate when {@code base} is https).
     * Categories left without checks by the options are omitted.
     */
    public List<CheckCategory> standardCategories(URI base, java.util.function.Consumer<StandardOptions> customizer) {
        Objects.requireNonNull(base, "base");
        StandardOptions o = new StandardOptions();
        customizer.accept(o);
        List<Check> application = new ArrayList<>();
        for (String path : o.healthPaths) {
            application.add(endpoint("GET " + path, base.resolve(path), 200));
        }
        for (String path : o.protectedPaths) {
            application.add(endpoint("GET " + path + " (protected)", base.resolve(path), 200, 401));
        }
        application.addAll(bmsConnectivity(base, o.bmsSystems));
        List<Check> performance = new ArrayList<>();
        if (o.latencyRequests > 0) {
            performance.add(latency("latency " + o.latencyPath, base.resolve(o.latencyPath), o.latencyRequests,
                    o.averageBudget, o.p95Budget));
        }
        if (o.serverHeader != null) {
            performance.add(loadBalancerSpread("load balancer spread", base.resolve(o.latencyPath), o.spreadRequests,
                    o.serverHeader, o.minServers));
        }
        List<Check> security = new ArrayList<>();
        if (!o.securityHeaders.isEmpty()) {
            security.add(securityHeaders("security headers", base.resolve(o.latencyPath), o.securityHeaders.toArray(String[]::new)));
        }
        if ("https".equalsIgnoreCase(base.getScheme())) {
            security.add(tlsCertificate("tls certificate", base.getHost(), base.getPort() < 0 ? 443 : base.getPort(), o.tlsMinDays));
        }
        List<CheckCategory> out = new ArrayList<>();
        if (!application.isEmpty()) {
            out.add(new CheckCategory(StandardCategory.APPLICATION.label(), application));
        }
        if (!performance.isEmpty()) {
            out.add(new CheckCategory(StandardCategory.PERFORMANCE.label(), performance));
        }
        if (!security.isEmpty()) {
            out.add(new CheckCategory(StandardCategory.SECURITY.label(), security));
        }
        return List.copyOf(out);
    }

    /** Options of {@link #standardCategories(URI, java.util.function.Consumer)}; defaults follow the runbook. */
    public static final class StandardOptions {
        private List<String> healthPaths = List.of("/health", "/api/health");
        private List<String> protectedPaths = List.of();
        private List<String> bmsSystems = RUNBOOK_BMS_SYSTEMS;
        private String latencyPath = "/api/health";
        private int latencyRequests = 20;
        private Duration averageBudget = Duration.ofMillis(500);
        private Duration p95Budget = Duration.ofSeconds(1);
        private String serverHeader;
        private int spreadRequests = 10;
        private int minServers = 2;
        private List<String> securityHeaders = List.of("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options");
        private int tlsMinDays = 14;

        private StandardOptions() {
        }

        /** Paths that must answer 200 (default /health and /api/health). */
        public StandardOptions healthPaths(String... paths) {
            this.healthPaths = List.of(paths);
            return this;
        }

        /** Paths that must answer 200 or 401 (default none). */
        public StandardOptions protectedPaths(String... paths) {
            this.protectedPaths = List.of(paths);
            return this;
        }

        /** BMS systems with a {@code /api/bms/<system>/test} endpoint (default foxbms, libresolar, greenbms). */
        public StandardOptions bmsSystems(String... systems) {
            this.bmsSystems = List.of(systems);
            return this;
        }

        /** The path measured for latency, spread and headers (default /api/health). */
        public StandardOptions latencyPath(String path) {
            this.latencyPath = Objects.requireNonNull(path, "latencyPath");
            return this;
        }

        /** Requests of the latency baseline (default 20; 0 leaves the check out) and its budgets (default 500 ms, 1 s). */
        public StandardOptions latency(int requests, Duration average, Duration p95) {
            if (requests < 0) {
                throw new IllegalArgumentException("latency requests " + requests + " is negative; use 0 to leave the check out");
            }
            this.latencyRequests = requests;
            this.averageBudget = Objects.requireNonNull(average, "average");
            this.p95Budget = Objects.requireNonNull(p95, "p95");
            return this;
        }

        /** Adds the load-balancer spread check: {@code requests} GETs must reach {@code minServers} distinct {@code header} values. */
        public StandardOptions spread(String header, int requests, int minServers) {
            if (requests < 1 || minServers < 1) {
                throw new IllegalArgumentException("spread needs at least 1 request and 1 server, got " + requests + " and " + minServers);
            }
            this.serverHeader = Objects.requireNonNull(header, "header");
            this.spreadRequests = requests;
            this.minServers = minServers;
            return this;
        }

        /** Headers every answer must carry (default HSTS, X-Content-Type-Options, X-Frame-Options; none leaves the check out). */
        public StandardOptions securityHeaders(String... headers) {
            this.securityHeaders = List.of(headers);
            return this;
        }

        /** Days the TLS certificate must stay valid (default 14), checked for https sites only. */
        public StandardOptions tlsMinDays(int days) {
            this.tlsMinDays = days;
            return this;
        }
    }

    /**
     * The {@code percent} percentile by the nearest-rank method: the smallest sample such that at least
     * {@code percent} % of the samples are at or below it (so p95 of 20 samples is the 19th smallest).
     */
    public static Duration percentile(List<Duration> samples, double percent) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile " + percent + " is outside (0, 100]");
        }
        List<Duration> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }

    /** The arithmetic mean. */
    public static Duration average(List<Duration> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        return Duration.ofNanos(samples.stream().mapToLong(Duration::toNanos).sum() / samples.size());
    }

    private X509TrustManager capturing(X509Certificate[][] seen) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                trust.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                seen[0] = chain;
                trust.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return trust.getAcceptedIssuers();
            }
        };
    }

    /** The trust manager for the certificates in {@code trustStore}, or the JVM's trusted CAs when it is null. */
    public static X509TrustManager trustManager(KeyStore trustStore) throws java.security.GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(trustStore);
        return Arrays.stream(f.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast).findFirst()
                .orElseThrow(() -> new java.security.KeyStoreException("no X.509 trust manager for the trust store"));
    }

    /** A TLS context that trusts what {@code trust} trusts, for building the HTTP client that goes with it. */
    public static SSLContext sslContext(X509TrustManager trust) throws java.security.GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        return context;
    }

    private static HttpRequest get(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static Set<Integer> statuses(int... accepted) {
        if (accepted.length == 0) {
            throw new IllegalArgumentException("give at least one accepted HTTP status, e.g. 200");
        }
        return Arrays.stream(accepted).boxed().collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public String toString() {
        return "HttpChecks[" + client.version().name().toLowerCase(Locale.ROOT) + "]";
    }
}
