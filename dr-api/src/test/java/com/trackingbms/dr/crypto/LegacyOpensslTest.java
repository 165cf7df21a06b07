package com.trackingbms.dr.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.trackingbms.dr.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files made by the real {@code openssl enc}, the way the runbook made them, read back by the library. */
class LegacyOpensslTest {

    private static final String OPENSSL = "/usr/bin/openssl";
    private static final String PASSWORD = "runbook-Key-123";

    @TempDir
    Path dir;

    @BeforeAll
    static void opensslIsInstalled() {
        assumeThat(Files.isExecutable(Path.of(OPENSSL))).as("%s is installed (.ci/run installs it)", OPENSSL).isTrue();
    }

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        Random r = new Random(size);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ("telemetry,3.71,24.5\n".charAt(r.nextInt(20)));
        }
        return b;
    }

    /** gzip | openssl enc -aes-256-cbc -salt [options], with the password in the environment. */
    private Path runbookBackup(byte[] plain, List<String> options) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        Path in = Files.write(dir.resolve("dump.sql.gz"), gz.toByteArray());
        Path out = dir.resolve("dump.sql.gz.enc");
        List<String> cmd = new ArrayList<>(List.of(OPENSSL, "enc", "-aes-256-cbc", "-salt", "-pass", "env:DR_TEST_PASS",
                "-in", in.toString(), "-out", out.toString()));
        cmd.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DR_TEST_PASS", PASSWORD);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        return out;
    }

    private static byte[] read(Path file, String password, LegacyOpenssl.KeyDerivation kdf) throws IOException {
        try (InputStream in = LegacyOpenssl.decryptGzip(Files.newInputStream(file), Secret.of(password), kdf)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 100_000})
    void readsOpenssl3DefaultSha256Files(int size) throws Exception {
        byte[] plain = data(size);
        assertThat(read(runbookBackup(plain, List.of()), PASSWORD, LegacyOpenssl.KeyDerivation.opensslDefault())).isEqualTo(plain);
    }

    @Test
    void readsMd5Files() throws Exception {
        byte[] plain = data(30_000);
        assertThat(read(runbookBackup(plain, List.of("-md", "md5")), PASSWORD, LegacyOpenssl.KeyDerivation.md5())).isEqualTo(plain);
    }

    @Test
    void readsPbkdf2FilesWithDefaultAndCustomIterations() throws Exception {
        byte[] plain = data(30_000);
        assertThat(read(runbookBackup(plain, List.of("-pbkdf2")), PASSWORD, LegacyOpenssl.KeyDerivation.pbkdf2())).isEqualTo(plain);
        assertThat(read(runbookBackup(plain, List.of("-pbkdf2", "-iter", "2000")), PASSWORD, LegacyOpenssl.KeyDerivation.pbkdf2(2000)))
                .isEqualTo(plain);
    }

    @Test
    void wrongPasswordOrDerivationIsWrongKey() throws Exception {
        Path file = runbookBackup(data(30_000), List.of());

        assertThatThrownBy(() -> read(file, "not-the-password", LegacyOpenssl.KeyDerivation.opensslDefault()))
                .isInstanceOf(WrongKeyException.class).hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> read(file, PASSWORD, LegacyOpenssl.KeyDerivation.md5())).isInstanceOf(WrongKeyException.class)
                .hasMessageContaining("-md md5");
    }

    @Test
    void truncatedAndForeignFilesAreRejected() throws Exception {
        Path file = runbookBackup(data(30_000), List.of());
        byte[] all = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("cut.enc"), java.util.Arrays.copyOf(all, all.length - 5));
        Path foreign = Files.write(dir.resolve("plain.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        assertThatThrownBy(() -> read(truncated, PASSWORD, LegacyOpenssl.KeyDerivation.opensslDefault()))
                .isInstanceOf(TruncatedDataException.class);
        assertThatThrownBy(() -> read(foreign, PASSWORD, LegacyOpenssl.KeyDerivation.opensslDefault()))
                .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("Salted__");
    }
}
