package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Problem;
import com.trackingbms.dr.backup.Compression.ZstdParameter;
import com.trackingbms.dr.backup.internal.Codecs;
import com.trackingbms.dr.backup.internal.ManifestJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressionTest {

    private static final Compression TUNED = Compression.zstd(5).with(ZstdParameter.STRATEGY, 3).with(ZstdParameter.MIN_MATCH, 6)
            .with(ZstdParameter.SEARCH_LOG, 2).with(ZstdParameter.HASH_LOG, 14);

    @Test
    void parametersAreValuesThatDoNotChangeTheOriginal() {
        Compression base = Compression.zstd(5);

        Compression tuned = base.with(ZstdParameter.MIN_MATCH, 6);

        assertThat(base.zstdParameters()).isEmpty();
        assertThat(tuned.zstdParameters()).containsExactly(Map.entry(ZstdParameter.MIN_MATCH, 6));
        assertThat(tuned).isEqualTo(Compression.zstd(5).with(ZstdParameter.MIN_MATCH, 6)).isNotEqualTo(base);
        assertThatThrownBy(() -> tuned.zstdParameters().put(ZstdParameter.HASH_LOG, 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void describesLevelAndParametersInAFixedOrder() {
        assertThat(TUNED.describe()).isEqualTo("zstd level 5 (strategy 3, hash log 14, search log 2, min match 6)");
        assertThat(Compression.zstd(-5).describe()).isEqualTo("zstd level -5");
        assertThat(Compression.gzip(6).describe()).isEqualTo("gzip level 6");
        assertThat(Compression.none().describe()).isEqualTo("none");
    }

    @Test
    void acceptsFastLevelsAndParametersWithinTheirRanges() {
        assertThat(Compression.zstd(-1).problems("c")).isEmpty();
        assertThat(Compression.zstd(-100).problems("c")).isEmpty();
        assertThat(TUNED.with(ZstdParameter.WINDOW_LOG, 27).with(ZstdParameter.TARGET_LENGTH, 0).problems("c")).isEmpty();
    }

    @Test
    void namesEveryProblemWithItsFix() {
        Compression bad = Compression.zstd(0).with(ZstdParameter.MIN_MATCH, 8).with(ZstdParameter.WINDOW_LOG, 28);

        assertThat(bad.problems("backups.compression")).containsExactly(
                new Problem("backups.compression", "zstd level 0 is outside 1-22 and the fast levels -1 to -100",
                        "use zstd(3) for speed, up to 19 for size, or a negative level for more speed at a larger size"),
                new Problem("backups.compression", "zstd window log 28 is outside 10-27",
                        "set WINDOW_LOG within 10-27, or leave it out to use the level's value"),
                new Problem("backups.compression", "zstd min match 8 is outside 3-7",
                        "set MIN_MATCH within 3-7, or leave it out to use the level's value"));
        assertThat(Compression.zstd(-101).problems("c")).hasSize(1);
        assertThat(new Compression(Compression.Algorithm.GZIP, 6, Map.of(ZstdParameter.MIN_MATCH, 6)).problems("c"))
                .containsExactly(new Problem("c", "zstd parameters [MIN_MATCH] are set on gzip level 6 (min match 6)", "remove them, or use zstd"));
        assertThatThrownBy(() -> bad.requireValid("compression")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compression: zstd level 0").hasMessageContaining("min match 8").hasMessageContaining("window log 28");
    }

    @Test
    void parametersShapeTheCompressorAndAnyDecoderReadsTheResult() throws Exception {
        // Random digits in lines, like a dump of telemetry: the tuned greedy parse writes less than the plain level does.
        StringBuilder text = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 60_000; i++) {
            text.append(1 + i % 5000).append("\t2026-01-01 00:00:").append(String.format("%02d.%06d", i % 60, random.nextInt(1_000_000)))
                    .append("+00\t").append(3 + random.nextInt(12_000) / 10_000.0).append('\t').append(random.nextInt(100)).append('\n');
        }
        byte[] data = text.toString().getBytes(StandardCharsets.US_ASCII);

        byte[] plain = compress(Compression.zstd(TUNED.level()), data);
        byte[] tuned = compress(TUNED, data);

        assertThat(tuned).as("the parameters reached the compressor").isNotEqualTo(plain);
        assertThat(tuned.length).as("the greedy parse with min match 6 beats the plain level on random digits").isLessThan(plain.length);
        assertThat(Codecs.decompress(Compression.Algorithm.ZSTD, new ByteArrayInputStream(tuned)).readAllBytes()).isEqualTo(data);
    }

    @Test
    void manifestsKeepTheParametersAndOlderManifestsReadWithout() throws Exception {
        BackupManifest m = Manifests.of("20261126T020000Z-full-000001", BackupKind.FULL, null, Instant.parse("2026-11-26T02:00:05Z"));
        BackupManifest tuned = new BackupManifest(m.id(), m.kind(), null, m.startedAt(), m.finishedAt(), m.source(), m.positions(),
                m.rawBytes(), m.storedBytes(), m.sha256(), TUNED, m.encryption(), m.keyId(), m.objectKey(), m.libraryVersion());

        byte[] json = ManifestJson.write(tuned);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"min_match\" : 6");
        assertThat(ManifestJson.read(new ByteArrayInputStream(json), m.id()).compression()).isEqualTo(TUNED);
        assertThat(ManifestJson.read(new ByteArrayInputStream(ManifestJson.write(m)), m.id()).compression().zstdParameters()).isEmpty();
    }

    private static byte[] compress(Compression c, byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = Codecs.compress(c, out, 0)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
