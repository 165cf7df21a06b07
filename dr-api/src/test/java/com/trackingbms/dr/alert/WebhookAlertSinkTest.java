package com.trackingbms.dr.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.trackingbms.dr.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP server (WireMock): payload, retries, timeouts, 500 and connection reset. */
class WebhookAlertSinkTest {

    private static WireMockServer server;
    private static final String PATH = "/services/T000/B000/secret-token";
    private static final Alert ALERT = new Alert(Severity.CRITICAL, "trackingbms", "failover started: montreal is down",
            "declared down after 3 failed rounds", Instant.parse("2026-01-01T00:01:30Z"), Map.of("site", "montreal", "run", "r-1"));

    @BeforeAll
    static void start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + PATH);
    }

    private AlertSink sink() {
        return AlertSinks.webhook(url(), o -> o.requestTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))
                .attempts(3).backoff(Duration.ofMillis(10)));
    }

    @Test
    void postsSlackCompatibleJsonWithTheAlertsFields() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        sink().send(ALERT);
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.text", equalTo("[CRITICAL] trackingbms: failover started: montreal is down"))));
        JsonNode body = new ObjectMapper().readTree(server.getAllServeEvents().get(0).getRequest().getBodyAsString());
        JsonNode att = body.get("attachments").get(0);
        assertThat(att.get("color").asText()).isEqualTo("danger");
        assertThat(att.get("text").asText()).isEqualTo("declared down after 3 failed rounds");
        assertThat(att.get("ts").asLong()).isEqualTo(ALERT.time().getEpochSecond());
        assertThat(att.get("fields").findValuesAsText("title")).contains("plan", "severity", "site", "run");
        assertThat(att.get("fields").findValuesAsText("value")).contains("montreal", "r-1", "CRITICAL");
    }

    @Test
    void retriesA500AndSucceedsWhenTheHookRecovers() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        sink().send(ALERT);
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void gives500UpAfterItsAttemptsWithATypedException() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> sink().send(ALERT)).isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 500");
        server.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void abandonsASlowEndpointAfterTheRequestTimeout() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
        AlertSink sink = AlertSinks.webhook(url(), o -> o.requestTimeout(Duration.ofMillis(200)).attempts(2).backoff(Duration.ofMillis(10)));
        assertThatThrownBy(() -> sink.send(ALERT)).isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("HttpTimeoutException");
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void retriesAConnectionResetThenGivesUp() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> sink().send(ALERT)).isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("after 3 attempts").hasCauseInstanceOf(java.io.IOException.class);
        server.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aClientErrorIsNotRetried() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(404).withBody("no_service")));
        assertThatThrownBy(() -> sink().send(ALERT)).isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("no_service");
        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void neverShowsTheTokenInItsNameOrErrors() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
        AlertSink sink = AlertSinks.webhook(Secret.of(url().toString()), o -> o.attempts(1));
        assertThat(sink.name()).isEqualTo("webhook 127.0.0.1").doesNotContain("secret-token");
        assertThat(sink.toString()).doesNotContain("secret-token");
        assertThatThrownBy(() -> sink.send(ALERT)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
        assertThatThrownBy(() -> AlertSinks.webhook(Secret.of("ht tp://bad secret-token")))
                .isInstanceOf(IllegalArgumentException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
    }

    @Test
    void optionsNameTheBadValue() {
        assertThatThrownBy(() -> AlertSinks.webhook(url(), o -> o.attempts(0))).hasMessageContaining("attempts 0");
        assertThatThrownBy(() -> AlertSinks.webhook(url(), o -> o.requestTimeout(Duration.ZERO))).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> AlertSinks.webhook(URI.create("ftp://x/y"))).hasMessageContaining("http(s)");
    }
}
