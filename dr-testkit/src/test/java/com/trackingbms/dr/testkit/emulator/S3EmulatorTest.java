package com.trackingbms.dr.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3Proxy answers a real AWS SDK v2 client: put, get, list, bucket creation, and it checks signatures. */
class S3EmulatorTest {

    private static S3Emulator s3;
    private static S3Client client;

    @BeforeAll
    static void start() {
        s3 = S3Emulator.builder().bucket("dr-backups").storage(S3Emulator.Storage.FILESYSTEM).start();
        client = client(s3.accessKeyId(), s3.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static S3Client client(String keyId, Secret secret) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret.revealString())))
                .build();
    }

    @Test
    void putGetAndListThroughTheSdk() {
        client.putObject(b -> b.bucket(s3.bucket()).key("full/2026-11-26.dump.zst"), RequestBody.fromString("base backup"));
        client.putObject(b -> b.bucket(s3.bucket()).key("full/2026-11-27.dump.zst"), RequestBody.fromString("next backup"));
        client.putObject(b -> b.bucket(s3.bucket()).key("wal/000000010000000000000001"), RequestBody.fromString("wal"));

        String body = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key("full/2026-11-26.dump.zst"))
                .asString(StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("base backup");

        assertThat(client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("full/")).contents())
                .extracting(S3Object::key, S3Object::size)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("full/2026-11-26.dump.zst", 11L),
                        org.assertj.core.groups.Tuple.tuple("full/2026-11-27.dump.zst", 11L));
    }

    @Test
    void createsFurtherBuckets() {
        assertThat(s3.createBucket("dr-archive")).isTrue();
        client.putObject(b -> b.bucket("dr-archive").key("k"), RequestBody.fromString("v"));
        assertThat(client.listBuckets().buckets()).extracting(bucket -> bucket.name())
                .contains("dr-backups", "dr-archive");
    }

    @Test
    void rejectsAWrongSecret() {
        try (S3Client wrong = client(s3.accessKeyId(), Secret.of("not-the-secret"))) {
            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket(s3.bucket())))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(s3.toString()).doesNotContain(s3.secretAccessKey().revealString()).contains(s3.endpoint().toString());
        assertThat(s3.secretAccessKey().toString()).doesNotContain(s3.secretAccessKey().revealString());
        assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void rejectsBadBuilderInput() {
        assertThatThrownBy(() -> S3Emulator.builder().start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bucket(");
        assertThatThrownBy(() -> S3Emulator.builder().bucket("Bad_Name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad_Name");
    }
}
