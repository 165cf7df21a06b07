package com.trackingbms.dr.validation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.trackingbms.dr.Activation;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validator over the HTTP checks against a site that misbehaves in the ways a half-recovered site does: bad JSON
 * from login, a connection reset, an answer slower than the check timeout, a 5xx. Each failing check fails with its
 * reason; the rates per category and overall are computed from the counts.
 */
class ValidatorFaultsTest {

    private static final Site SITE = new Site("toronto", SiteRole.HOT_STANDBY, "", "", 100, Activation.AUTOMATIC,
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());

    private static WireMockServer server;
    private static HttpChecks checks;
    private static URI base;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        base = URI.create(server.baseUrl());
        // HTTP/1.1 as in HttpChecks.defaults(): over HTTP/2 (h2c) the malformed answer of one check breaks the
        // connection every other check shares, and healthy endpoints fail with it.
        checks = HttpChecks.using(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build(),
                HttpChecks.trustManager(null), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @org.junit.jupiter.api.AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    @Test
    void faultsFailWithTheirReasonAndTheRatesCountThem() throws Exception {
        server.stubFor(get(urlEqualTo("/health")).willReturn(ok()));
        server.stubFor(get(urlEqualTo("/api/bms/foxbms/test")).willReturn(ok()));
        server.stubFor(get(urlEqualTo("/api/bms/libresolar/test")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(get(urlEqualTo("/api/bms/greenbms/test")).willReturn(aResponse().withStatus(503)));
        server.stubFor(get(urlEqualTo("/api/slow")).willReturn(ok().withFixedDelay(15_000)));
        server.stubFor(post(urlEqualTo("/api/auth/login")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"token\": \"abc")));

        // 3 s: generous for the healthy checks on a loaded machine, far below the slow endpoint's 15 s.
        RecoveryValidator validator = RecoveryValidator.of(95.0, Duration.ofSeconds(3), List.of(
                StandardCategory.APPLICATION.of(checks.endpoint("health", base.resolve("/health"), 200)),
                new CheckCategory(StandardCategory.INFRASTRUCTURE.label(), checks.bmsConnectivity(base, HttpChecks.RUNBOOK_BMS_SYSTEMS)),
                StandardCategory.PERFORMANCE.of(checks.endpoint("slow endpoint", base.resolve("/api/slow"), 200)),
                StandardCategory.END_TO_END.of(checks.loginFlow("login", base.resolve("/api/auth/login"), "drill",
                        Secret.of("pw-never-shown"), "token", base.resolve("/api/batteries")))));

        ValidationReport report = ValidationRunner.create(executor, Clock.systemUTC()).run(validator, SITE);

        Map<String, String> details = report.results().stream().collect(Collectors.toMap(CheckResult::name, CheckResult::detail));
        assertThat(details.get("health")).startsWith("GET /health -> HTTP 200");
        assertThat(details.get("bms foxbms connectivity")).startsWith("GET /api/bms/foxbms/test -> HTTP 200");
        // The reset reaches the check as an IOException, which the runner turns into the failure's reason.
        assertThat(details.get("bms libresolar connectivity")).containsIgnoringCase("IOException");
        assertThat(details.get("bms greenbms connectivity")).contains("HTTP 503").contains("expected [200]");
        assertThat(details.get("slow endpoint")).isIn("timed out after 3s", "HttpTimeoutException: request timed out");
        assertThat(details.get("login")).startsWith("login answer is not JSON");
        assertThat(report.results()).allSatisfy(r -> assertThat(r.detail()).doesNotContain("pw-never-shown"));

        assertThat(report.passedCount()).isEqualTo(2);
        assertThat(report.results()).hasSize(6);
        assertThat(report.successRate()).isCloseTo(100.0 * 2 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.passed()).isFalse();
        assertThat(report.categories()).containsExactly(
                new CategoryResult("application", 1, 1),
                new CategoryResult("infrastructure", 1, 3),
                new CategoryResult("performance", 0, 1),
                new CategoryResult("end to end", 0, 1));
        assertThat(report.category("infrastructure")).get().extracting(CategoryResult::successRate)
                .isEqualTo(100.0 / 3);
        assertThat(report.summary()).startsWith("2/6 checks passed (33.3 % < 95.0 %)");
    }

    @Test
    void theThresholdIsComparedWithTheComputedRate() throws Exception {
        server.stubFor(get(urlEqualTo("/health")).willReturn(ok()));
        server.stubFor(get(urlEqualTo("/broken")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        List<Check> many = new java.util.ArrayList<>();
        for (int i = 0; i < 19; i++) {
            many.add(checks.endpoint("health " + i, base.resolve("/health"), 200));
        }
        many.add(checks.endpoint("broken", base.resolve("/broken"), 200));
        ValidationRunner runner = ValidationRunner.create(executor, Clock.systemUTC());

        // 19 of 20 is exactly 95 %: accepted at the runbook's threshold, refused just above it.
        ValidationReport at95 = runner.run(RecoveryValidator.of(95.0, Duration.ofSeconds(5), List.of(StandardCategory.APPLICATION.of(many.toArray(Check[]::new)))), SITE);
        assertThat(at95.successRate()).as(at95.summary()).isEqualTo(95.0);
        assertThat(at95.passed()).isTrue();
        assertThat(at95.failures()).singleElement().extracting(CheckResult::name).isEqualTo("broken");
        ValidationReport at96 = runner.run(RecoveryValidator.of(96.0, Duration.ofSeconds(5), List.of(StandardCategory.APPLICATION.of(many.toArray(Check[]::new)))), SITE);
        assertThat(at96.passed()).isFalse();
    }

    @Test
    void standardCategoriesFollowTheRunbook() throws Exception {
        server.stubFor(get(urlEqualTo("/health")).willReturn(ok()));
        server.stubFor(get(urlEqualTo("/api/health")).willReturn(ok().withHeader("Strict-Transport-Security", "max-age=63072000")
                .withHeader("X-Content-Type-Options", "nosniff").withHeader("X-Frame-Options", "DENY")));
        server.stubFor(get(urlEqualTo("/api/batteries")).willReturn(aResponse().withStatus(401)));
        for (String bms : HttpChecks.RUNBOOK_BMS_SYSTEMS) {
            server.stubFor(get(urlEqualTo("/api/bms/" + bms + "/test")).willReturn(ok()));
        }
        List<CheckCategory> categories = checks.standardCategories(base, o -> o.protectedPaths("/api/batteries").latency(5,
                Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertThat(categories).extracting(CheckCategory::name).containsExactly("application", "performance", "security");
        assertThat(categories.get(0).checks()).extracting(Check::name).containsExactly("GET /health", "GET /api/health",
                "GET /api/batteries (protected)", "bms foxbms connectivity", "bms libresolar connectivity", "bms greenbms connectivity");
        ValidationReport report = ValidationRunner.create(executor, Clock.systemUTC())
                .run(RecoveryValidator.of(95.0, Duration.ofSeconds(10), categories), SITE);
        assertThat(report.failures()).isEmpty();
        assertThat(report.categories()).extracting(CategoryResult::total).containsExactly(6, 1, 1);
    }

    @Test
    void aValidatorWithBadSettingsNamesEveryProblem() {
        assertThatThrownBy(() -> RecoveryValidator.of(120, Duration.ZERO, List.of(StandardCategory.DATABASE.of(),
                new CheckCategory("database", List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold 120.0 % is outside 0-100")
                .hasMessageContaining("checkTimeout PT0S must be positive")
                .hasMessageContaining("category 'database' is given twice");
    }

    @Test
    void labelsRoundTrip() {
        for (StandardCategory c : StandardCategory.values()) {
            assertThat(StandardCategory.fromLabel(c.label())).contains(c);
        }
        assertThat(StandardCategory.END_TO_END.label()).isEqualTo("end to end");
    }
}
