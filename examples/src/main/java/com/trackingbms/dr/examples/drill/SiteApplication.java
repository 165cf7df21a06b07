package com.trackingbms.dr.examples.drill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.testkit.emulator.HttpSiteStub;
import com.trackingbms.dr.validation.HttpChecks;
import java.util.UUID;

/**
 * The TrackingBMS application of one site, as WireMock stubs: health endpoints, the login flow, a protected admin
 * endpoint, the battery API behind a load balancer (X-Server-ID), BMS connectivity endpoints and security headers.
 * The drill's validation talks to it through the public endpoint, which follows the reroute.
 */
final class SiteApplication implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String site;
    private final HttpSiteStub stub;

    private SiteApplication(String site, HttpSiteStub stub) {
        this.site = site;
        this.stub = stub;
    }

    static SiteApplication start(String site, String user, Secret password) {
        HttpSiteStub stub = HttpSiteStub.builder().healthPath("/health").start();
        SiteApplication app = new SiteApplication(site, stub);
        app.stubEndpoints(user, password);
        return app;
    }

    private void stubEndpoints(String user, Secret password) {
        WireMockServer w = stub.wireMock();
        String token = UUID.randomUUID().toString();
        w.stubFor(get(urlEqualTo("/health")).willReturn(okJson("{\"status\":\"UP\",\"site\":\"" + site + "\"}")));
        w.stubFor(get(urlEqualTo("/api/health")).willReturn(okJson("{\"status\":\"UP\"}")));
        w.stubFor(get(urlEqualTo("/api/admin")).willReturn(aResponse().withStatus(401)));
        try {
            String credentials = JSON.writeValueAsString(java.util.Map.of("username", user, "password", password.revealString()));
            w.stubFor(post(urlEqualTo("/api/auth/login")).withRequestBody(equalToJson(credentials))
                    .willReturn(okJson("{\"token\":\"" + token + "\"}")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the drill credentials", e);
        }
        w.stubFor(get(urlEqualTo("/api/me")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"user\":\"" + user + "\"}")));
        w.stubFor(get(urlEqualTo("/api/batteries")).willReturn(okJson("[]").withHeader("X-Server-ID", site + "-web-1")));
        for (String bms : HttpChecks.RUNBOOK_BMS_SYSTEMS) {
            w.stubFor(get(urlEqualTo("/api/bms/" + bms + "/test")).willReturn(okJson("{\"connected\":true}")));
        }
        w.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Strict-Transport-Security", "max-age=31536000")
                .withHeader("X-Content-Type-Options", "nosniff").withHeader("X-Frame-Options", "DENY")
                .withBody("TrackingBMS " + site)));
    }

    /** The address the site's load balancer answers on, as a router writes it. */
    String address() {
        return "127.0.0.1:" + stub.port();
    }

    /** The site's health URL, for its probe. */
    java.net.URI healthUrl() {
        return stub.healthUrl();
    }

    /**
     * The site goes dark: every request is reset from now on. Instant, unlike stopping the server, so the drill's
     * fault time is when the whole site really stopped answering.
     */
    void goDark() {
        stub.wireMock().stubFor(any(anyUrl()).atPriority(1)
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    }

    @Override
    public void close() {
        if (stub.isRunning()) {
            stub.close();
        }
    }
}
