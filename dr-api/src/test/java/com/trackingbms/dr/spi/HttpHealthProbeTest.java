package com.trackingbms.dr.spi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpHealthProbeTest {

    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)));
        server.stubFor(get(urlEqualTo("/sick")).willReturn(aResponse().withStatus(503)));
        server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
        server.stubFor(get(urlEqualTo("/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private HealthProbe probe(String path) {
        return HealthProbes.http(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    @Test
    void healthyOn2xxAndUnhealthyOtherwise() throws Exception {
        assertThat(probe("/health").probe(Duration.ofSeconds(2))).satisfies(r -> {
            assertThat(r.healthy()).isTrue();
            assertThat(r.detail()).startsWith("HTTP 200");
        });
        assertThat(probe("/sick").probe(Duration.ofSeconds(2))).satisfies(r -> {
            assertThat(r.healthy()).isFalse();
            assertThat(r.detail()).startsWith("HTTP 503");
        });
    }

    @Test
    void aSlowEndpointFailsAtTheTimeout() throws Exception {
        ProbeResult r = probe("/slow").probe(Duration.ofMillis(200));
        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("timed out after 200ms");
    }

    @Test
    void aResetConnectionAndAClosedPortAreFailuresNotExceptions() throws Exception {
        assertThat(probe("/reset").probe(Duration.ofSeconds(2)).healthy()).isFalse();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeResult r = HealthProbes.http("http://127.0.0.1:" + closed + "/health").probe(Duration.ofSeconds(2));
        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).contains("ConnectException");
    }

    @Test
    void nameHidesUserInfoAndQueryAndBadUrlsAreRefused() {
        assertThat(HealthProbes.http("https://user:pw@app.example.com:8443/health?token=abc").name())
                .isEqualTo("http https://app.example.com:8443/health");
        assertThatThrownBy(() -> HealthProbes.http("app.example.com/health")).hasMessageContaining("absolute http(s) URL");
    }
}
