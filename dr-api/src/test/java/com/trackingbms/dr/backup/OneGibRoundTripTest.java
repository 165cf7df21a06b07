package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB generated stream through zstd, AES-256-GCM, the filesystem store and back, compared by SHA-256. */
class OneGibRoundTripTest {

    private static final long SIZE = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void oneGibRoundTrips() throws Exception {
        BackupRunner runner = BackupRunner.builder(FileSystemObjectStore.of(dir.resolve("store")))
                .encryption(Encryption.aes256Gcm(KeyProviders.key("k", Secret.of("5a".repeat(32)))))
                .stagingDirectory(dir.resolve("staging")).build();
        MessageDigest written = MessageDigest.getInstance("SHA-256");

        BackupManifest m = runner.backup(new BackupSource() {
            @Override
            public String describe() {
                return "1 GiB of generated telemetry";
            }

            @Override
            public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
                SplittableRandom r = new SplittableRandom(7);
                byte[] buffer = new byte[1 << 16];
                for (long done = 0; done < SIZE; done += buffer.length) {
                    for (int i = 0; i < buffer.length; i += 8) {
                        // digits 0-7 from one random long per 8 bytes: text-like, compressible about 2.5x, never a run
                        long v = r.nextLong();
                        for (int j = 0; j < 8; j++) {
                            buffer[i + j] = (byte) ('0' + ((v >>> (j * 8)) & 7));
                        }
                    }
                    written.update(buffer);
                    out.write(buffer);
                }
                return Map.of();
            }
        }, BackupKind.FULL);

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long[] count = new long[1];
        runner.restore(RestoreRequest.latest(), new RestoreTarget() {
            @Override
            public String describe() {
                return "hashing target";
            }

            @Override
            public void restore(BackupManifest manifest, InputStream data) throws IOException {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = data.read(buffer)) >= 0) {
                    read.update(buffer, 0, n);
                    count[0] += n;
                }
            }
        });

        assertThat(m.rawBytes()).isEqualTo(SIZE);
        assertThat(count[0]).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(HexFormat.of().formatHex(written.digest()));
        assertThat(m.storedBytes()).isLessThan(SIZE * 6 / 10);
    }
}
