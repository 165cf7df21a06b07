package com.trackingbms.dr.testkit.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A stub that matches on a password never prints it, however a client gets the request wrong. */
class HttpSiteStubSecretsTest {

    @Test
    void anUnmatchedLoginDoesNotPrintTheStubsOrTheRequestsPassword() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        int status;
        try {
            System.setOut(capture);
            System.setErr(capture);
            try (HttpSiteStub stub = HttpSiteStub.builder().start()) {
                stub.wireMock().stubFor(post(urlEqualTo("/api/auth/login"))
                        .withRequestBody(equalToJson("{\"username\":\"ops\",\"password\":\"expected-s3cret\"}")).willReturn(okJson("{}")));
                HttpRequest wrong = HttpRequest.newBuilder(stub.baseUrl().resolve("/api/auth/login"))
                        .header("Authorization", "Bearer header-s3cret")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ops\",\"password\":\"sent-s3cret\"}")).build();
                status = HttpClient.newHttpClient().send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode();
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(404);
        assertThat(printed).contains("not matched").doesNotContain("s3cret");
    }
}
