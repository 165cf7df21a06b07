package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.crypto.LegacyOpenssl;
import com.trackingbms.dr.crypto.TruncatedDataException;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file made by the runbook's exact pipeline (real gzip and openssl), imported into the new format. */
class LegacyImportTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsAreInstalled() {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/openssl"))).as("openssl is installed").isTrue();
    }

    private Path runbookBackup(byte[] dump) throws Exception {
        Path plain = Files.write(dir.resolve("dump.sql"), dump);
        Path gz = dir.resolve("dump.sql.gz");
        Process gzip = new ProcessBuilder(List.of("gzip", "-c", plain.toString())).redirectOutput(gz.toFile()).start();
        assertThat(gzip.waitFor()).isZero();
        Path enc = dir.resolve("backup_20251101.sql.gz.enc");
        ProcessBuilder pb = new ProcessBuilder(List.of("openssl", "enc", "-aes-256-cbc", "-salt", "-pass", "env:BACKUP_KEY",
                "-in", gz.toString(), "-out", enc.toString())).redirectErrorStream(true);
        pb.environment().put("BACKUP_KEY", "runbook secret");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return enc;
    }

    @Test
    void reEncryptsARunbookBackupIntoTheNewFormat() throws Exception {
        byte[] dump = TestData.bytes(200_000, 42);
        Path legacy = runbookBackup(dump);
        BackupRunner runner = BackupRunner.builder(FileSystemObjectStore.of(dir.resolve("store")))
                .encryption(Encryption.aes256Gcm(KeyProviders.key("k", Secret.of("cd".repeat(32)))))
                .stagingDirectory(dir.resolve("staging")).onProgress(ProgressListener.none()).build();

        BackupManifest m = runner.backup(LegacyImport.source(legacy, Secret.of("runbook secret"),
                LegacyOpenssl.KeyDerivation.opensslDefault()), BackupKind.FULL);
        TestData.CollectingTarget target = new TestData.CollectingTarget();
        runner.restore(RestoreRequest.byId(m.id()), target);

        assertThat(target.data).containsExactly(dump);
        assertThat(m.source()).contains("backup_20251101.sql.gz.enc", "-md sha256");
    }

    @Test
    void restoresDirectlyAndATruncatedFileReachesNoTarget() throws Exception {
        byte[] dump = TestData.bytes(100_000, 43);
        Path legacy = runbookBackup(dump);
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        LegacyImport.restore(legacy, Secret.of("runbook secret"), LegacyOpenssl.KeyDerivation.opensslDefault(), target, dir.resolve("st"));
        assertThat(target.data).containsExactly(dump);

        try (RandomAccessFile f = new RandomAccessFile(legacy.toFile(), "rw")) {
            f.setLength(f.length() - 4000);
        }
        TestData.CollectingTarget none = new TestData.CollectingTarget();
        assertThatThrownBy(() -> LegacyImport.restore(legacy, Secret.of("runbook secret"), LegacyOpenssl.KeyDerivation.opensslDefault(),
                none, dir.resolve("st"))).isInstanceOf(TruncatedDataException.class).hasMessageContaining("truncated");
        assertThat(none.data).isEmpty();
        try (var left = Files.list(dir.resolve("st"))) {
            assertThat(left).isEmpty();
        }
    }
}
