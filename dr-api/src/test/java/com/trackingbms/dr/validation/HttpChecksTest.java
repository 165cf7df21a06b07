package com.trackingbms.dr.validation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.Site;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's HTTP checks against WireMock, with the faults a failing site shows. */
class HttpChecksTest {

    private static final String PASSWORD = "s3cret-pass";
    private static final String TOKEN = "tok-123456";

    @TempDir
    static Path dir;

    private static WireMockServer server;
    private static X509TrustManager trustSiteCertificate;
    private static HttpChecks checks;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("site.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "RSA", "-keysize", "2048", "-validity", "10",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"))
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystorePassword("changeit").keyManagerPassword("changeit")
                .keystoreType("PKCS12"));
        server.start();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            trust.load(in, "changeit".toCharArray());
        }
        trustSiteCertificate = HttpChecks.trustManager(trust);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(HttpChecks.sslContext(trustSiteCertificate)).build();
        checks = HttpChecks.using(client, trustSiteCertificate, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private static Outcome run(Check check) throws Exception {
        return check.run(context(Duration.ofSeconds(2)));
    }

    private static CheckContext context(Duration timeout) {
        return new CheckContext() {
            @Override
            public Site site() {
                throw new UnsupportedOperationException("HTTP checks do not need the site");
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }

    @Test
    void endpointAcceptsTheGivenStatuses() throws Exception {
        server.stubFor(get("/health").willReturn(aResponse().withStatus(200)));
        server.stubFor(get("/api/admin").willReturn(aResponse().withStatus(401)));
        server.stubFor(get("/api/health").willReturn(aResponse().withStatus(503)));

        assertThat(run(checks.endpoint("health", uri("/health"), 200)).passed()).isTrue();
        assertThat(run(checks.endpoint("admin is protected", uri("/api/admin"), 200, 401)).passed()).isTrue();
        Outcome down = run(checks.endpoint("api health", uri("/api/health"), 200));
        assertThat(down.passed()).isFalse();
        assertThat(down.detail()).startsWith("GET /api/health -> HTTP 503 in ").endsWith(", expected [200]");
    }

    @Test
    void aSlowEndpointTimesOutAndAResetIsAnError() {
        server.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
        server.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> checks.endpoint("slow", uri("/slow"), 200).run(context(Duration.ofMillis(300))))
                .isInstanceOf(HttpTimeoutException.class);
        assertThatThrownBy(() -> run(checks.endpoint("reset", uri("/reset"), 200))).isInstanceOf(IOException.class);
    }

    @Test
    void latencyUsesAverageAndNearestRankP95() throws Exception {
        server.stubFor(get("/api/batteries").willReturn(okJson("[]").withFixedDelay(30)));
        Outcome relaxed = run(checks.latency("baseline", uri("/api/batteries"), 5, Duration.ofMillis(500), Duration.ofSeconds(1)));
        assertThat(relaxed.passed()).isTrue();
        assertThat(relaxed.detail()).startsWith("5 requests: average ").contains("(budget 500ms), p95 ").endsWith("(budget 1s)");
        Outcome strict = run(checks.latency("baseline", uri("/api/batteries"), 5, Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThat(strict.passed()).isFalse();

        server.stubFor(get("/broken").willReturn(aResponse().withStatus(500)));
        assertThat(run(checks.latency("broken", uri("/broken"), 3, Duration.ofSeconds(1), Duration.ofSeconds(1))).detail())
                .isEqualTo("request 1 of 3 answered HTTP 500");
    }

    @Test
    void percentileIsNearestRank() {
        List<Duration> oneToTwenty = IntStream.rangeClosed(1, 20).mapToObj(Duration::ofMillis).toList();
        assertThat(HttpChecks.percentile(oneToTwenty, 95)).isEqualTo(Duration.ofMillis(19));
        assertThat(HttpChecks.percentile(oneToTwenty, 100)).isEqualTo(Duration.ofMillis(20));
        List<Duration> oneToTen = IntStream.rangeClosed(1, 10).mapToObj(Duration::ofMillis).toList();
        assertThat(HttpChecks.percentile(oneToTen, 95)).isEqualTo(Duration.ofMillis(10));
        assertThat(HttpChecks.percentile(List.of(Duration.ofMillis(4), Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(2)), 50))
                .isEqualTo(Duration.ofMillis(2));
        assertThat(HttpChecks.average(oneToTen)).isEqualTo(Duration.ofMillis(5).plusNanos(500_000));
    }

    @Test
    void loadBalancerSpreadCountsDistinctServers() throws Exception {
        String[] states = {Scenario.STARTED, "b", "c"};
        String[] ids = {"web-a", "web-b", "web-c"};
        for (int i = 0; i < 3; i++) {
            server.stubFor(get("/lb").inScenario("rr").whenScenarioStateIs(states[i])
                    .willReturn(aResponse().withStatus(200).withHeader("X-Server-ID", ids[i])).willSetStateTo(states[(i + 1) % 3]));
        }
        Outcome ok = run(checks.loadBalancerSpread("spread", uri("/lb"), 6, "X-Server-ID", 2));
        assertThat(ok.passed()).isTrue();
        assertThat(ok.detail()).isEqualTo("3 distinct X-Server-ID values in 6 requests [web-a, web-b, web-c]");
        assertThat(run(checks.loadBalancerSpread("spread", uri("/lb"), 6, "X-Server-ID", 4)).passed()).isFalse();
    }

    @Test
    void loginFlowUsesTheTokenAndNeverShowsSecrets() throws Exception {
        server.stubFor(post("/api/auth/login").withRequestBody(equalToJson("{\"username\":\"drill\",\"password\":\"" + PASSWORD + "\"}"))
                .willReturn(okJson("{\"token\":\"" + TOKEN + "\"}")));
        server.stubFor(get("/api/me").withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(okJson("{}")));
        server.stubFor(get("/api/me").withHeader("Authorization", equalTo("Bearer wrong")).willReturn(aResponse().withStatus(401)));

        Outcome ok = run(checks.loginFlow("login", uri("/api/auth/login"), "drill", Secret.of(PASSWORD), "token", uri("/api/me")));
        assertThat(ok.passed()).as(ok.detail()).isTrue();
        assertThat(ok.detail()).isEqualTo("login as drill ok, GET /api/me with the token -> HTTP 200")
                .doesNotContain(PASSWORD).doesNotContain(TOKEN);

        Outcome wrongPassword = run(checks.loginFlow("login", uri("/api/auth/login"), "drill", Secret.of("nope"), "token", uri("/api/me")));
        assertThat(wrongPassword.detail()).isEqualTo("login as drill answered HTTP 404").doesNotContain("nope");
    }

    @Test
    void loginFlowRejectsBadJsonAndMissingToken() throws Exception {
        server.stubFor(post("/bad").willReturn(aResponse().withStatus(200).withBody("<html>oops")));
        server.stubFor(post("/notoken").willReturn(okJson("{\"jwt\":\"x\"}")));
        assertThat(run(checks.loginFlow("l", uri("/bad"), "u", Secret.of("p"), "token", uri("/api/me"))).detail())
                .startsWith("login answer is not JSON (");
        assertThat(run(checks.loginFlow("l", uri("/notoken"), "u", Secret.of("p"), "token", uri("/api/me"))).detail())
                .isEqualTo("login answer has no 'token' string field");
    }

    @Test
    void bmsConnectivityHasOneCheckPerSystem() throws Exception {
        server.stubFor(get("/api/bms/foxbms/test").willReturn(aResponse().withStatus(200)));
        server.stubFor(get("/api/bms/libresolar/test").willReturn(aResponse().withStatus(200)));
        server.stubFor(get("/api/bms/greenbms/test").willReturn(aResponse().withStatus(502)));
        List<Check> bms = checks.bmsConnectivity(uri("/"), HttpChecks.RUNBOOK_BMS_SYSTEMS);
        assertThat(bms).extracting(Check::name).containsExactly("bms foxbms connectivity", "bms libresolar connectivity",
                "bms greenbms connectivity");
        assertThat(run(bms.get(0)).passed()).isTrue();
        assertThat(run(bms.get(2)).passed()).isFalse();
    }

    @Test
    void securityHeadersListWhatIsMissing() throws Exception {
        server.stubFor(get("/").willReturn(aResponse().withStatus(200).withHeader("X-Content-Type-Options", "nosniff")));
        Outcome o = run(checks.securityHeaders("headers", uri("/"), "X-Content-Type-Options", "Strict-Transport-Security", "X-Frame-Options"));
        assertThat(o.passed()).isFalse();
        assertThat(o.detail()).isEqualTo("missing security headers: Strict-Transport-Security, X-Frame-Options");
    }

    @Test
    void tlsCertificateExpiryAndTrust() throws Exception {
        int port = server.httpsPort();
        Outcome soon = run(checks.tlsCertificate("tls", "127.0.0.1", port, 30));
        assertThat(soon.passed()).isFalse();
        assertThat(soon.detail()).startsWith("certificate CN=localhost expires ").containsPattern("in (9|10) days \\(minimum 30\\)$");
        assertThat(run(checks.tlsCertificate("tls", "127.0.0.1", port, 5)).passed()).isTrue();

        Outcome untrusted = run(HttpChecks.defaults().tlsCertificate("tls", "127.0.0.1", port, 5));
        assertThat(untrusted.passed()).isFalse();
        assertThat(untrusted.detail()).startsWith("certificate of 127.0.0.1 is not trusted: ");
    }
}
