package com.trackingbms.dr.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the site stub is seen by a plain JDK HttpClient as a real client would see it. */
class HttpSiteStubTest {

    private static HttpSiteStub site;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        site = HttpSiteStub.builder().healthPath("/actuator/health").start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @BeforeEach
    void healthy() {
        site.health().healthy();
        site.resetRequests();
    }

    private static HttpResponse<String> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthyByDefault() throws Exception {
        HttpResponse<String> response = get(site.healthUrl(), Duration.ofSeconds(10));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(site.healthUrl().toString()).startsWith("http://127.0.0.1:").endsWith("/actuator/health");
        assertThat(site.requestCount("/actuator/health")).isEqualTo(1);
    }

    @Test
    void answersAServerErrorThenRecovers() throws Exception {
        site.health().failWith(503);
        HttpResponse<String> down = get(site.healthUrl(), Duration.ofSeconds(10));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("DOWN");

        site.health().healthy();
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        assertThat(site.requestCount("/actuator/health")).isEqualTo(2);
    }

    @Test
    void slowAnswersTripAClientTimeout() throws Exception {
        site.health().slow(Duration.ofSeconds(3));
        assertThatThrownBy(() -> get(site.healthUrl(), Duration.ofMillis(200)))
                .isInstanceOf(HttpTimeoutException.class);
        // The same slow endpoint still answers a patient client: the delay is a delay, not a failure.
        assertThat(get(site.healthUrl(), Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
    }

    @Test
    void resetsConnections() {
        site.health().resetConnections();
        assertThatThrownBy(() -> get(site.healthUrl(), Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void closesWithoutAnswer() {
        site.health().emptyResponse();
        assertThatThrownBy(() -> get(site.healthUrl(), Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void stubsJsonApis() throws Exception {
        site.stubJson("POST", "/api/v1/failover", 202, "{\"accepted\":true}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(site.url("/api/v1/failover"))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"accepted\":true}");

        assertThat(get(site.url("/not-stubbed"), Duration.ofSeconds(10)).statusCode()).isEqualTo(404);
    }

    @Test
    void faultsApplyPerPath() throws Exception {
        site.endpoint("/api/orders").respondJson(200, "[]");
        site.endpoint("/api/orders").failWith(500);
        assertThat(get(site.url("/api/orders"), Duration.ofSeconds(10)).statusCode()).isEqualTo(500);
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
    }

    @Test
    void failsTheNextRequestsThenRecovers() throws Exception {
        site.health().failNext(2, 502);
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(502);
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(502);
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(200);

        // A second blip starts from the beginning, not from the first one's state.
        site.health().failNext(1, 503);
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(503);
        assertThat(get(site.healthUrl(), Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> site.health().failNext(0, 503)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void aClosedStubIsASiteThatRefusesConnections() {
        HttpSiteStub down = HttpSiteStub.start();
        down.close();
        assertThat(down.isRunning()).isFalse();
        assertThatThrownBy(() -> get(down.healthUrl(), Duration.ofSeconds(10)))
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> site.endpoint("health")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> site.health().failWith(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100-599");
        assertThatThrownBy(() -> site.stubJson("GET /x", "/x", 200, "{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTP method");
        assertThatThrownBy(() -> HttpSiteStub.builder().port(70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-65535");
    }
}
