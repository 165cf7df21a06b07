package com.trackingbms.dr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.MutableClock;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.internal.Layout;
import com.trackingbms.dr.crypto.Argon2Parameters;
import com.trackingbms.dr.crypto.AuthenticationFailedException;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.crypto.UnknownKeyException;
import com.trackingbms.dr.crypto.UnsupportedFormatException;
import com.trackingbms.dr.crypto.WrongKeyException;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackupRunnerTest {

    private static final int CHUNK = 1024;
    private static final KeyProvider K1 = KeyProviders.key("k1", Secret.of("11".repeat(32)));
    private static final KeyProvider K1_OTHER = KeyProviders.key("k1", Secret.of("22".repeat(32)));
    private static final KeyProvider K2 = KeyProviders.key("k2", Secret.of("33".repeat(32)));

    @TempDir
    Path dir;
    FileSystemObjectStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
    List<Progress> progress = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        store = FileSystemObjectStore.of(dir.resolve("store"));
    }

    private BackupRunner.Builder runner(Compression c, Encryption e) {
        return BackupRunner.builder(store).compression(c).encryption(e).clock(clock).chunkSize(CHUNK)
                .stagingDirectory(dir.resolve("staging")).onProgress(progress::add);
    }

    private BackupRunner encrypted() {
        return runner(Compression.zstd(3), Encryption.aes256Gcm(K1)).build();
    }

    private Path objectFile(BackupManifest m) {
        return store.root().resolve(m.objectKey());
    }

    static Stream<Arguments> matrix() {
        List<Arguments> args = new ArrayList<>();
        Compression tuned = Compression.zstd(5).with(Compression.ZstdParameter.STRATEGY, 3).with(Compression.ZstdParameter.MIN_MATCH, 6)
                .with(Compression.ZstdParameter.SEARCH_LOG, 2).with(Compression.ZstdParameter.HASH_LOG, 14);
        for (Compression c : List.of(Compression.zstd(3), Compression.zstd(-5), tuned, Compression.gzip(6), Compression.none())) {
            for (boolean encrypt : new boolean[] {true, false}) {
                for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 1, 100_000}) {
                    args.add(Arguments.of(c, encrypt, size));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} encrypted={1} size={2}")
    @MethodSource("matrix")
    void roundTripsEverySizeAroundChunkBoundaries(Compression compression, boolean encrypt, int size) throws Exception {
        // GIVEN a runner with small chunks, so 1 KiB boundaries are chunk boundaries
        BackupRunner runner = runner(compression, encrypt ? Encryption.aes256Gcm(K1) : Encryption.none()).build();
        byte[] data = TestData.bytes(size, size);

        // WHEN it backs up and restores
        BackupManifest m = runner.backup(TestData.source(data), BackupKind.FULL);
        TestData.CollectingTarget target = new TestData.CollectingTarget();
        runner.restore(RestoreRequest.byId(m.id()), target);

        // THEN the bytes come back and the manifest describes the stored object exactly
        assertThat(target.data).singleElement().isEqualTo(data);
        byte[] stored = Files.readAllBytes(objectFile(m));
        assertThat(m.rawBytes()).isEqualTo(size);
        assertThat(m.storedBytes()).isEqualTo(stored.length);
        assertThat(m.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
        assertThat(m.keyId()).isEqualTo(encrypt ? "k1" : null);
        assertThat(runner.verify(m.id())).isEqualTo(m);
    }

    @Test
    void stagingIsPrivateToTheProcessAndRemovedAfterTheRestore() throws Exception {
        BackupRunner runner = encrypted();
        runner.backup(TestData.source(TestData.bytes(5000, 20)), BackupKind.FULL);
        List<String> seen = new ArrayList<>();

        runner.restore(RestoreRequest.latest(), new RestoreTarget() {
            @Override
            public String describe() {
                return "inspecting target";
            }

            @Override
            public void restore(BackupManifest manifest, java.io.InputStream data) throws IOException {
                try (Stream<Path> staged = Files.list(dir.resolve("staging"))) {
                    for (Path p : staged.toList()) {
                        seen.add(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                    }
                }
                data.transferTo(java.io.OutputStream.nullOutputStream());
            }
        });

        assertThat(seen).containsExactly("rwx------");
        try (Stream<Path> left = Files.list(dir.resolve("staging"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void manifestRecordsWhatWasBackedUp() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest m = runner.backup(TestData.source(TestData.bytes(5000, 1), Map.of("start_lsn", "0/3000028", "stop_lsn", "0/3000100")),
                BackupKind.FULL);

        assertThat(m.id()).matches("20261126T020000Z-full-[0-9a-f]{6}");
        assertThat(m.kind()).isEqualTo(BackupKind.FULL);
        assertThat(m.parent()).isEmpty();
        assertThat(m.positions()).containsEntry("start_lsn", "0/3000028").containsEntry("stop_lsn", "0/3000100");
        assertThat(m.source()).isEqualTo("test bytes (5000)");
        assertThat(m.compression()).isEqualTo(Compression.zstd(3));
        assertThat(m.encryption()).isEqualTo(Encryption.Algorithm.AES_256_GCM);
        assertThat(m.libraryVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(runner.catalog().list()).containsExactly(m);
        String json = Files.readString(store.root().resolve(Layout.manifestKey(m.id())));
        assertThat(json).contains("\"sha256\"", "\"keyId\" : \"k1\"", "\"start_lsn\" : \"0/3000028\"").doesNotContain("1111");
    }

    @Test
    void interruptedBackupLeavesNothingListedAndNoObject() throws Exception {
        BackupRunner runner = encrypted();

        assertThatThrownBy(() -> runner.backup(TestData.failing(300_000), BackupKind.FULL))
                .isInstanceOf(IOException.class).hasMessageContaining("pg_dump exited with 1");

        assertThat(runner.catalog().list()).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void missingManifestIsNotListedAndCannotBeRestored() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest m = runner.backup(TestData.source(TestData.bytes(3000, 2)), BackupKind.FULL);
        store.delete(Layout.manifestKey(m.id()));
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThat(runner.catalog().list()).isEmpty();
        assertThatThrownBy(() -> runner.restore(RestoreRequest.byId(m.id()), target))
                .isInstanceOf(NoSuchBackupException.class).hasMessageContaining("data object but no manifest");
        assertThatThrownBy(() -> runner.restore(RestoreRequest.latest(), target))
                .isInstanceOf(NoSuchBackupException.class).hasMessageContaining("take one first");
        assertThat(target.data).isEmpty();
    }

    @Test
    void tamperedByteFailsAuthenticationAndNothingReachesTheTarget() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest m = runner.backup(TestData.source(TestData.bytes(50_000, 3)), BackupKind.FULL);
        flipByte(objectFile(m), m.storedBytes() / 2);
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThatThrownBy(() -> runner.restore(RestoreRequest.byId(m.id()), target))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("failed AES-GCM authentication");
        assertThatThrownBy(() -> runner.verify(m.id())).isInstanceOf(AuthenticationFailedException.class);
        assertThat(target.data).isEmpty();
        assertThat(Files.list(dir.resolve("staging"))).as("staging is cleaned").isEmpty();
    }

    @Test
    void aTamperedLastChunkStopsTheRestoreBeforeTheTargetIsCalledAndLeavesNoThreads() throws Exception {
        BackupRunner runner = encrypted();
        // Half noise, so the object has dozens of chunks; the altered byte is in one of the last two.
        BackupManifest m = runner.backup(TestData.source(TestData.bytes(80 * CHUNK, 11)), BackupKind.FULL);
        flipByte(objectFile(m), m.storedBytes() - CHUNK);
        boolean[] called = new boolean[1];
        RestoreTarget target = new RestoreTarget() {
            @Override
            public String describe() {
                return "records whether it was called";
            }

            @Override
            public void restore(BackupManifest manifest, java.io.InputStream data) {
                called[0] = true;
            }
        };

        assertThatThrownBy(() -> runner.restore(RestoreRequest.byId(m.id()), target)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(called[0]).as("target called").isFalse();
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("dr-verify-") || n.startsWith("dr-decrypt-") || n.startsWith("dr-restore-")).toList())
                .as("pipeline threads left running").isEmpty();
    }

    @Test
    void tamperedUnencryptedObjectFailsTheHash() throws Exception {
        BackupRunner runner = runner(Compression.zstd(3), Encryption.none()).build();
        BackupManifest m = runner.backup(TestData.source(TestData.bytes(50_000, 4)), BackupKind.FULL);
        flipByte(objectFile(m), m.storedBytes() / 2);
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThatThrownBy(() -> runner.restore(RestoreRequest.latest(), target))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("has SHA-256");
        assertThatThrownBy(() -> runner.verify(m.id())).isInstanceOf(ChecksumMismatchException.class);
        assertThat(target.data).isEmpty();
    }

    @Test
    void truncatedObjectIsReportedAsTruncated() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest m = runner.backup(TestData.source(TestData.bytes(50_000, 5)), BackupKind.FULL);
        try (RandomAccessFile f = new RandomAccessFile(objectFile(m).toFile(), "rw")) {
            f.setLength(m.storedBytes() - (CHUNK + 16));
        }
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThatThrownBy(() -> runner.restore(RestoreRequest.latest(), target))
                .isInstanceOf(TruncatedBackupException.class).hasMessageContaining("truncated");
        assertThat(target.data).isEmpty();
    }

    @Test
    void wrongKeyIsToldApartFromTampering() throws Exception {
        BackupManifest m = encrypted().backup(TestData.source(TestData.bytes(5000, 6)), BackupKind.FULL);
        BackupRunner other = runner(Compression.zstd(3), Encryption.aes256Gcm(K1_OTHER)).build();
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThatThrownBy(() -> other.restore(RestoreRequest.byId(m.id()), target))
                .isInstanceOf(WrongKeyException.class).hasMessageContaining("'k1'").hasMessageNotContaining("2222");
        assertThat(target.data).isEmpty();
    }

    @Test
    void unknownKeyIdNamesTheId() throws Exception {
        BackupManifest m = encrypted().backup(TestData.source(TestData.bytes(5000, 7)), BackupKind.FULL);
        BackupRunner other = runner(Compression.zstd(3), Encryption.aes256Gcm(K2)).build();
        BackupRunner none = runner(Compression.zstd(3), Encryption.none()).build();
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThatThrownBy(() -> other.restore(RestoreRequest.byId(m.id()), target))
                .isInstanceOf(UnknownKeyException.class).hasMessageContaining("key id 'k1' is not known");
        assertThatThrownBy(() -> none.verify(m.id())).isInstanceOf(UnknownKeyException.class).hasMessageContaining("no key provider");
        assertThat(target.data).isEmpty();
    }

    @Test
    void unknownFormatVersionIsRejected() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest m = runner.backup(TestData.source(TestData.bytes(5000, 8)), BackupKind.FULL);
        try (RandomAccessFile f = new RandomAccessFile(objectFile(m).toFile(), "rw")) {
            f.seek(7); // after "TBDRENC"
            f.write(2);
        }
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThatThrownBy(() -> runner.restore(RestoreRequest.latest(), target))
                .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("format version 2 is not supported");
        assertThat(target.data).isEmpty();
    }

    @Test
    void corruptManifestIsSkippedByListingAndReportedByGet() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest good = runner.backup(TestData.source(TestData.bytes(100, 9)), BackupKind.FULL);
        clock.advance(Duration.ofMinutes(1));
        BackupManifest bad = runner.backup(TestData.source(TestData.bytes(100, 10)), BackupKind.FULL);
        Files.writeString(store.root().resolve(Layout.manifestKey(bad.id())), "{\"formatVersion\": 1, \"id\": ");

        assertThat(runner.catalog().list()).containsExactly(good);
        assertThatThrownBy(() -> runner.catalog().get(bad.id())).isInstanceOf(CorruptManifestException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void chainsAreRestoredOldestFirstByIdLatestAndPointInTime() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest full = runner.backup(TestData.source(new byte[] {1}), BackupKind.FULL);
        clock.advance(Duration.ofHours(4));
        BackupManifest inc1 = runner.backup(TestData.source(new byte[] {2}), BackupKind.INCREMENTAL);
        clock.advance(Duration.ofHours(4));
        BackupManifest inc2 = runner.backup(TestData.source(new byte[] {3}), BackupKind.INCREMENTAL);
        clock.advance(Duration.ofHours(4));
        BackupManifest diff = runner.backup(TestData.source(new byte[] {4}), BackupKind.DIFFERENTIAL);

        assertThat(inc1.parent()).contains(full.id());
        assertThat(inc2.parent()).contains(inc1.id());
        assertThat(diff.parent()).contains(full.id());

        TestData.CollectingTarget latest = new TestData.CollectingTarget();
        assertThat(runner.restore(RestoreRequest.latest(), latest)).containsExactly(full, diff);
        assertThat(latest.data).containsExactly(new byte[] {1}, new byte[] {4});

        TestData.CollectingTarget byId = new TestData.CollectingTarget();
        runner.restore(RestoreRequest.byId(inc2.id()), byId);
        assertThat(byId.data).containsExactly(new byte[] {1}, new byte[] {2}, new byte[] {3});

        TestData.CollectingTarget at = new TestData.CollectingTarget();
        runner.restore(RestoreRequest.at(inc1.finishedAt().plusSeconds(60)), at);
        assertThat(at.manifests).containsExactly(full, inc1);

        assertThatThrownBy(() -> runner.restore(RestoreRequest.at(full.finishedAt().minusSeconds(1)), new TestData.CollectingTarget()))
                .isInstanceOf(NoSuchBackupException.class).hasMessageContaining("at or before");
    }

    @Test
    void aTamperedParentStopsTheWholeChainBeforeTheTargetSeesAByte() throws Exception {
        BackupRunner runner = encrypted();
        BackupManifest full = runner.backup(TestData.source(TestData.bytes(4000, 11)), BackupKind.FULL);
        clock.advance(Duration.ofHours(1));
        runner.backup(TestData.source(TestData.bytes(4000, 12)), BackupKind.INCREMENTAL);
        flipByte(objectFile(full), 100);
        TestData.CollectingTarget target = new TestData.CollectingTarget();

        assertThatThrownBy(() -> runner.restore(RestoreRequest.latest(), target)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(target.data).isEmpty();
    }

    @Test
    void incrementalWithoutAFullBackupBecomesAFullBackup() throws Exception {
        BackupManifest m = encrypted().backup(TestData.source(new byte[] {1}), BackupKind.INCREMENTAL);

        assertThat(m.kind()).isEqualTo(BackupKind.FULL);
        assertThat(m.parent()).isEmpty();
    }

    @Test
    void rotatedKeysKeepOldBackupsRestorable() throws Exception {
        BackupManifest old = encrypted().backup(TestData.source(new byte[] {1}), BackupKind.FULL);
        clock.advance(Duration.ofDays(1));
        BackupRunner rotated = runner(Compression.zstd(3), Encryption.aes256Gcm(KeyProviders.rotating(K2, K1))).build();
        BackupManifest fresh = rotated.backup(TestData.source(new byte[] {2}), BackupKind.FULL);

        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(rotated.verify(old.id()).keyId()).isEqualTo("k1");
        TestData.CollectingTarget target = new TestData.CollectingTarget();
        rotated.restore(RestoreRequest.byId(old.id()), target);
        assertThat(target.data).containsExactly(new byte[] {1});
    }

    @Test
    void passphraseKeysRoundTripWithSaltAndCostInTheHeader() throws Exception {
        KeyProvider pass = KeyProviders.passphrase("ops-2026", Secret.of("correct horse battery staple"), new Argon2Parameters(8192, 1, 1));
        BackupRunner runner = runner(Compression.zstd(3), Encryption.aes256Gcm(pass)).build();
        byte[] data = TestData.bytes(3000, 13);
        BackupManifest m = runner.backup(TestData.source(data), BackupKind.FULL);
        TestData.CollectingTarget target = new TestData.CollectingTarget();
        runner.restore(RestoreRequest.latest(), target);
        assertThat(target.data).containsExactly(data);

        KeyProvider wrong = KeyProviders.passphrase("ops-2026", Secret.of("Tr0ub4dor&3"), new Argon2Parameters(8192, 1, 1));
        BackupRunner other = runner(Compression.zstd(3), Encryption.aes256Gcm(wrong)).build();
        assertThatThrownBy(() -> other.verify(m.id())).isInstanceOf(WrongKeyException.class)
                .hasMessageContaining("ops-2026").hasMessageNotContaining("Tr0ub4dor");
    }

    @Test
    void gzipObjectsAreReadableByTheGzipTool() throws Exception {
        BackupRunner runner = runner(Compression.gzip(6), Encryption.none()).build();
        byte[] data = TestData.bytes(70_000, 14);
        BackupManifest m = runner.backup(TestData.source(data), BackupKind.FULL);

        Process gzip = new ProcessBuilder(List.of("gzip", "-dc", objectFile(m).toString())).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        gzip.getInputStream().transferTo(out);
        assertThat(gzip.waitFor()).isZero();
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void progressIsReportedWithBytesAndAFinalReport() throws Exception {
        BackupRunner runner = BackupRunner.builder(store).clock(clock).onProgress(progress::add).progressInterval(Duration.ZERO)
                .stagingDirectory(dir.resolve("staging")).build();
        byte[] data = TestData.bytes(3 << 20, 15);
        runner.backup(new BackupSource() {
            @Override
            public String describe() {
                return "small writes";
            }

            @Override
            public Map<String, String> writeTo(BackupContext c, java.io.OutputStream out) throws IOException {
                for (int i = 0; i < data.length; i += 1000) {
                    out.write(data, i, Math.min(1000, data.length - i));
                    clock.advance(Duration.ofMillis(1));
                }
                return Map.of();
            }
        }, BackupKind.FULL);

        assertThat(progress).hasSizeGreaterThan(2);
        assertThat(progress.get(progress.size() - 1)).satisfies(p -> {
            assertThat(p.done()).isTrue();
            assertThat(p.bytes()).isEqualTo(data.length);
            assertThat(p.operation()).isEqualTo("backup");
        });
        assertThat(progress.get(0).done()).isFalse();
    }

    static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x01);
        }
    }
}
