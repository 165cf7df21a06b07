package com.trackingbms.dr.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.trackingbms.dr.Secret;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azurite, started from the npm install, stores and serves blobs through Shared Key signed REST calls. */
class AzuriteEmulatorTest {

    private static AzuriteEmulator azurite;

    @BeforeAll
    static void start() {
        if (AzuriteEmulator.installation().isPresent()) {
            azurite = AzuriteEmulator.start();
        }
    }

    // Assumed per test (not in @BeforeAll) so that every skipped test carries the install hint in the report.
    @BeforeEach
    void requireAzurite() {
        assumeThat(azurite).as(AzuriteEmulator.installHint()).isNotNull();
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void putsGetsAndListsBlobs() {
        assertThat(azurite.createContainer("dr-backups")).isTrue();
        assertThat(azurite.createContainer("dr-backups")).isFalse();

        String blob = azurite.blobEndpoint() + "/dr-backups/full/2026-11-26.dump.zst";
        byte[] content = "base backup bytes".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = azurite.send("PUT", blob, content,
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Type", "application/octet-stream"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

        HttpResponse<String> get = azurite.send("GET", blob, new byte[0], Map.of());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("base backup bytes");

        HttpResponse<String> list = azurite.send("GET",
                azurite.blobEndpoint() + "/dr-backups?restype=container&comp=list&prefix=full/", new byte[0], Map.of());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<Name>full/2026-11-26.dump.zst</Name>");
    }

    @Test
    void checksTheSignature() {
        SharedKeySigner wrong = new SharedKeySigner(AzuriteEmulator.ACCOUNT_NAME,
                Secret.of("d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk="));
        java.net.URI uri = java.net.URI.create(azurite.blobEndpoint() + "?comp=list");
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        Map<String, String> headers = Map.of("x-ms-date", date, "x-ms-version", "2021-12-02");
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri).GET();
        headers.forEach(request::header);
        request.header("Authorization", wrong.authorization("GET", uri, headers));
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).join();
        assertThat(response.statusCode()).isEqualTo(403);

        HttpResponse<String> signed = azurite.send("GET", uri.toString(), new byte[0], Map.of());
        assertThat(signed.statusCode()).isEqualTo(200);
    }

    @Test
    void exposesTheDevelopmentAccountWithoutPrintingTheKey() {
        assertThat(azurite.accountName()).isEqualTo("devstoreaccount1");
        assertThat(azurite.blobEndpoint().toString()).startsWith("http://127.0.0.1:").endsWith("/devstoreaccount1");
        assertThat(azurite.connectionString().revealString())
                .contains("AccountName=devstoreaccount1", "BlobEndpoint=" + azurite.blobEndpoint(),
                        "AccountKey=" + azurite.accountKey().revealString());
        assertThat(azurite.connectionString().toString()).doesNotContain(azurite.accountKey().revealString());
        assertThat(azurite.toString()).doesNotContain(azurite.accountKey().revealString());
        assertThat(azurite.pid()).isPositive();
    }
}
