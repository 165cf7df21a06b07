package com.trackingbms.dr.backup;

import com.trackingbms.dr.backup.internal.Codecs;
import com.trackingbms.dr.backup.internal.Layout;
import com.trackingbms.dr.backup.internal.LibraryVersion;
import com.trackingbms.dr.backup.internal.ManifestJson;
import com.trackingbms.dr.backup.internal.PrefetchingInputStream;
import com.trackingbms.dr.backup.internal.ProgressTracker;
import com.trackingbms.dr.backup.internal.Streams;
import com.trackingbms.dr.crypto.Aes256Gcm;
import com.trackingbms.dr.crypto.CryptoException;
import com.trackingbms.dr.crypto.DataKey;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.crypto.internal.GcmInputStream;
import com.trackingbms.dr.crypto.internal.GcmWarmUp;
import com.trackingbms.dr.crypto.internal.MemoizingKeyProvider;
import com.trackingbms.dr.crypto.UnknownKeyException;
import com.trackingbms.dr.store.ObjectStore;
import com.trackingbms.dr.store.ObjectWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes, verifies and restores backups: {@code source -> compress -> encrypt -> hash -> store} and back, streaming
 * with bounded memory. Restores stage and verify every backup of the chain (SHA-256 and AES-GCM tags) before the
 * first byte reaches the target.
 */
public final class BackupRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BackupRunner.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BUFFER = 128 * 1024;

    private final ObjectStore store;
    private final BackupCatalog catalog;
    private final Compression compression;
    private final Encryption encryption;
    private final KeyProvider restoreKeys;
    private final Clock clock;
    private final ProgressListener progress;
    private final Duration progressInterval;
    private final int zstdWorkers;
    private final int chunkSize;
    private final Path staging;

    private BackupRunner(Builder b) {
        this.store = b.store;
        this.catalog = BackupCatalog.of(b.store);
        this.compression = b.compression;
        this.encryption = b.encryption;
        this.restoreKeys = b.restoreKeys != null ? b.restoreKeys : b.encryption.keys();
        this.clock = b.clock;
        this.progress = b.progress;
        this.progressInterval = b.progressInterval;
        this.zstdWorkers = b.zstdWorkers;
        this.chunkSize = b.chunkSize;
        this.staging = b.staging;
    }

    /** A builder writing to {@code store}, with zstd level 3 and no encryption until told otherwise. */
    public static Builder builder(ObjectStore store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /** A builder taking store, compression and encryption from a plan's backup strategy. */
    public static Builder from(BackupStrategy strategy) {
        return builder(strategy.store()).compression(strategy.compression()).encryption(strategy.encryption());
    }

    /** The catalog of the runner's store. */
    public BackupCatalog catalog() {
        return catalog;
    }

    /**
     * Takes a backup of {@code source}. A differential is based on the latest full backup, an incremental on the
     * latest backup of any kind; with no full backup yet, a full backup is taken instead (logged at WARN, and the
     * manifest says FULL). Nothing is listed unless the whole object and its manifest were written.
     */
    public BackupManifest backup(BackupSource source, BackupKind kind) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Optional<BackupManifest> parent = switch (kind) {
            case FULL -> Optional.empty();
            case DIFFERENTIAL -> catalog.latest(BackupKind.FULL);
            case INCREMENTAL -> catalog.latest();
        };
        BackupKind actual = kind;
        if (kind != BackupKind.FULL && parent.isEmpty()) {
            LOG.warn("no full backup in {} to base a {} backup on; taking a full backup instead", store.describe(), kind);
            actual = BackupKind.FULL;
        }
        Instant started = clock.instant();
        String id = ID_TIME.format(started) + "-" + actual.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + String.format("%06x", RANDOM.nextInt(1 << 24));
        BackupContext context = new BackupContext(id, actual, parent, started);
        String dataKey = Layout.dataKey(id);
        LOG.info("backup {} ({}) of {} to {} started", id, actual, source.describe(), store.describe());
        ProgressTracker tracker = new ProgressTracker("backup", id, -1, clock, progressInterval, progress);
        DataKey key = encryption.algorithm() == Encryption.Algorithm.AES_256_GCM ? encryption.keys().newDataKey() : null;
        Map<String, String> positions;
        Streams.HashingOutputStream stored;
        Streams.CountingOutputStream raw;
        try (ObjectWriter writer = store.create(dataKey)) {
            stored = new Streams.HashingOutputStream(writer);
            OutputStream encrypted = key == null ? stored : Aes256Gcm.encrypt(stored, key, chunkSize);
            OutputStream compressed = Codecs.compress(compression, encrypted, zstdWorkers);
            BufferedOutputStream buffered = new BufferedOutputStream(compressed, BUFFER);
            raw = new Streams.CountingOutputStream(buffered, tracker);
            try {
                positions = source.writeTo(context, raw);
            } catch (IOException | RuntimeException | Error e) {
                // Close the chain anyway: zstd holds native memory that only close() frees. The writer is then
                // abandoned by try-with-resources, so nothing of this backup becomes visible.
                try {
                    buffered.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            buffered.close();
            writer.commit();
        }
        tracker.finish();
        BackupManifest manifest = new BackupManifest(id, actual, parent.map(BackupManifest::id).orElse(null), started,
                clock.instant(), source.describe(), positions == null ? Map.of() : positions, raw.count(), stored.count(),
                stored.sha256Hex(), compression, encryption.algorithm(), key == null ? null : key.keyId(), dataKey,
                LibraryVersion.get());
        try (ObjectWriter writer = store.create(Layout.manifestKey(id))) {
            writer.write(ManifestJson.write(manifest));
            writer.commit();
        } catch (IOException | RuntimeException e) {
            try {
                store.delete(dataKey);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        LOG.info("backup {} finished: {} raw bytes stored as {} bytes ({}, {}) in {} ms", id, manifest.rawBytes(),
                manifest.storedBytes(), compression.describe(), key == null ? "not encrypted" : "key " + key.keyId(),
                manifest.duration().toMillis());
        return manifest;
    }

    /**
     * Re-reads a backup and checks its size, SHA-256, authentication tags and decompressed size, without restoring.
     *
     * @return the verified manifest
     * @throws NoSuchBackupException when there is no such backup
     * @throws ChecksumMismatchException when size or hash differ from the manifest
     * @throws CryptoException (a subclass naming the cause) when decryption or authentication fails
     */
    public BackupManifest verify(String id) throws IOException {
        BackupManifest m;
        try (GcmWarmUp warmUp = warmUp()) {
            m = catalog.get(id);
            check(m, restoreKeys, null, true, warmUp);
        }
        LOG.info("backup {} verified: {} stored bytes, SHA-256 {}", id, m.storedBytes(), m.sha256());
        return m;
    }

    /**
     * Restores the backup a request names, with the backups it depends on, into {@code target}. Every backup of the
     * chain is first copied to a staging directory and verified; only then does the target get its first byte.
     *
     * @return the backups handed to the target, oldest first
     */
    public List<BackupManifest> restore(RestoreRequest request, RestoreTarget target) throws IOException {
        Objects.requireNonNull(target, "target");
        try (GcmWarmUp warmUp = warmUp()) {
            return restore(request, target, warmUp);
        }
    }

    private List<BackupManifest> restore(RestoreRequest request, RestoreTarget target, GcmWarmUp warmUp) throws IOException {
        BackupManifest wanted = catalog.resolve(request);
        List<BackupManifest> chain = catalog.chain(wanted);
        LOG.info("restore of {} ({}) into {}: chain {}", request.describe(), wanted.id(), target.describe(),
                chain.stream().map(BackupManifest::id).toList());
        Files.createDirectories(staging);
        Path dir = Files.createTempDirectory(staging, "dr-restore-");
        // Both passes of every object need its key: resolve each once (an Argon2id derivation or a KMS call).
        KeyProvider keys = restoreKeys == null ? null : new MemoizingKeyProvider(restoreKeys);
        try {
            List<Path> staged = new ArrayList<>();
            for (BackupManifest m : chain) {
                Path file = dir.resolve(m.id() + ".stage");
                try (OutputStream copy = Files.newOutputStream(file)) {
                    check(m, keys, copy, false, warmUp);
                }
                staged.add(file);
            }
            for (int i = 0; i < chain.size(); i++) {
                BackupManifest m = chain.get(i);
                ProgressTracker tracker = new ProgressTracker("restore", m.id(), m.rawBytes(), clock, progressInterval, progress);
                try (InputStream in = openStaged(m, keys, staged.get(i))) {
                    target.restore(m, new TrackingInputStream(in, tracker));
                }
                tracker.finish();
            }
            LOG.info("restore of {} into {} finished", wanted.id(), target.describe());
            return List.copyOf(chain);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Decrypts and decompresses a staged copy. Its size, SHA-256 and every tag were checked moments ago in this
     * process's private staging directory, so the tags are not computed a second time. Decryption and decompression
     * run on two helper threads and the target writes on the caller's, so AES-CTR does not hold up zstd, the slowest
     * stage; a failure anywhere closes the chain, which stops every stage.
     */
    private InputStream openStaged(BackupManifest m, KeyProvider keys, Path staged) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(staged), BUFFER);
        try {
            if (m.encryption() == Encryption.Algorithm.AES_256_GCM) {
                in = new PrefetchingInputStream(new GcmInputStream(in, keysFor(m, keys), false), "dr-decrypt-" + m.id());
            }
            return new PrefetchingInputStream(Codecs.decompress(m.compression().algorithm(), in), "dr-restore-" + m.id());
        } catch (IOException | RuntimeException | Error e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A fresh JVM pays one-time costs on a restore's critical path: zstd's native library, the signed Bouncy Castle
     * jar behind Argon2id, and AES and GHASH running uncompiled for the first tens of megabytes. While the caller
     * parses manifests and resolves the first key (single-threaded work), the other core pays them instead; the
     * warm-up stops once the first tags are checked. On a machine whose cores are all busy it is extra work and gains
     * nothing.
     */
    private GcmWarmUp warmUp() {
        return restoreKeys == null ? GcmWarmUp.none() : GcmWarmUp.start(Codecs::preload);
    }

    private static KeyProvider keysFor(BackupManifest m, KeyProvider keys) throws UnknownKeyException {
        if (keys == null) {
            throw new UnknownKeyException(m.keyId(), "this runner (it has no key provider; configure encryption or restoreKeys)");
        }
        return keys;
    }

    /**
     * Reads the stored object once: hash and size always, tags when encrypted, decompression when asked; stops
     * {@code warmUp} when the real work starts.
     */
    private void check(BackupManifest m, KeyProvider keys, OutputStream copy, boolean decompress, GcmWarmUp warmUp) throws IOException {
        ProgressTracker tracker = new ProgressTracker("verify", m.id(), m.storedBytes(), clock, progressInterval, progress);
        // The size is checked first: a short object is a truncation, whatever the decryptor would make of its last bytes.
        long size = store.stat(m.objectKey()).orElseThrow(() -> new NoSuchBackupException("backup " + m.id() + " has a manifest but its data object "
                + m.objectKey() + " is missing from " + store.describe() + "; the backup is lost, restore another one")).size();
        if (size < m.storedBytes()) {
            throw new TruncatedBackupException("backup " + m.id() + " object " + m.objectKey() + " is " + size
                    + " bytes, but its manifest says " + m.storedBytes() + "; the object is truncated");
        }
        if (size > m.storedBytes()) {
            throw new ChecksumMismatchException("backup " + m.id() + " object " + m.objectKey() + " is " + size
                    + " bytes, but its manifest says " + m.storedBytes() + "; bytes were appended or the object was replaced");
        }
        try (InputStream object = store.open(m.objectKey())) {
            Streams.HashingInputStream hashed = new Streams.HashingInputStream(new BufferedInputStream(object, BUFFER), copy, tracker);
            // Reading, hashing and staging run on a helper thread while this one decrypts and checks tags.
            try (PrefetchingInputStream ahead = new PrefetchingInputStream(hashed, "dr-verify-" + m.id())) {
                long rawBytes = -1;
                try {
                    InputStream plain = ahead;
                    if (m.encryption() == Encryption.Algorithm.AES_256_GCM) {
                        plain = Aes256Gcm.decrypt(ahead, keysFor(m, keys));
                    }
                    // The key is resolved and the real tag checks start: the warm-up's core is needed now.
                    warmUp.close();
                    if (decompress) {
                        rawBytes = Streams.drain(Codecs.decompress(m.compression().algorithm(), plain));
                    } else {
                        Streams.drain(plain);
                    }
                } catch (IOException e) {
                    if (e instanceof CryptoException) {
                        throw e;
                    }
                    // An unencrypted object that fails to decompress: the hash says whether it was altered.
                    Streams.drain(ahead);
                    checkHash(m, hashed, e);
                    throw e;
                }
                // Bytes after the end marker still count towards size and hash; the helper has finished once drained.
                Streams.drain(ahead);
                checkHash(m, hashed, null);
                if (decompress && rawBytes != m.rawBytes()) {
                    throw new ChecksumMismatchException("backup " + m.id() + " decompresses to " + rawBytes + " bytes, but its manifest says "
                            + m.rawBytes());
                }
            }
        }
        tracker.finish();
    }

    private static void checkHash(BackupManifest m, Streams.HashingInputStream hashed, IOException cause) throws ChecksumMismatchException {
        ChecksumMismatchException e = null;
        if (hashed.count() != m.storedBytes()) {
            e = new ChecksumMismatchException("backup " + m.id() + " object " + m.objectKey() + " is " + hashed.count()
                    + " bytes, but its manifest says " + m.storedBytes() + (hashed.count() < m.storedBytes() ? " (truncated)" : ""));
        } else {
            String actual = hashed.sha256Hex();
            if (!actual.equals(m.sha256())) {
                e = new ChecksumMismatchException("backup " + m.id() + " object " + m.objectKey() + " has SHA-256 " + actual
                        + ", but its manifest says " + m.sha256() + "; the object was altered or replaced");
            }
        }
        if (e != null) {
            if (cause != null) {
                e.addSuppressed(cause);
            }
            throw e;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete staging file {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot clean staging directory {}: {}", dir, e.getMessage());
        }
    }

    /** Counts bytes the target reads, for progress reports. */
    private static final class TrackingInputStream extends java.io.FilterInputStream {
        private final ProgressTracker tracker;
        private long count;

        TrackingInputStream(InputStream in, ProgressTracker tracker) {
            super(in);
            this.tracker = tracker;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                tracker.advance(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                tracker.advance(count);
            }
            return n;
        }
    }

    @Override
    public String toString() {
        return "BackupRunner[" + store.describe() + ", " + compression.describe() + ", " + encryption.describe() + "]";
    }

    /** Configures a {@link BackupRunner}; each setter rejects a bad value, naming it. */
    public static final class Builder {
        private final ObjectStore store;
        private Compression compression = Compression.zstd(3);
        private Encryption encryption = Encryption.none();
        private KeyProvider restoreKeys;
        private Clock clock = Clock.systemUTC();
        private ProgressListener progress = ProgressListener.logging();
        private Duration progressInterval = Duration.ofSeconds(5);
        private int zstdWorkers = Math.min(4, Runtime.getRuntime().availableProcessors() > 1 ? Runtime.getRuntime().availableProcessors() : 0);
        private int chunkSize = Aes256Gcm.DEFAULT_CHUNK_SIZE;
        private Path staging = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder(ObjectStore store) {
            this.store = store;
        }

        /** Compression of new backups (default zstd level 3). */
        public Builder compression(Compression value) {
            this.compression = Objects.requireNonNull(value, "compression").requireValid("compression");
            return this;
        }

        /** Encryption of new backups (default none); its key provider also decrypts restores unless {@link #restoreKeys} is set. */
        public Builder encryption(Encryption value) {
            Objects.requireNonNull(value, "encryption").requireValid("encryption");
            this.encryption = value;
            return this;
        }

        /** Keys for restoring and verifying (default: the encryption's provider), e.g. a rotation of old and new keys. */
        public Builder restoreKeys(KeyProvider keys) {
            this.restoreKeys = Objects.requireNonNull(keys, "restoreKeys");
            return this;
        }

        /** The clock for ids, manifest times and progress (default system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Where progress goes (default: INFO log every 5 s). */
        public Builder onProgress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Least time between progress reports (default 5 s). */
        public Builder progressInterval(Duration value) {
            Objects.requireNonNull(value, "progressInterval");
            if (value.isNegative()) {
                throw new IllegalArgumentException("progressInterval " + value + " is negative");
            }
            this.progressInterval = value;
            return this;
        }

        /** zstd worker threads (0 = compress on the calling thread; default: cores, at most 4, 0 on one core). */
        public Builder zstdWorkers(int value) {
            if (value < 0 || value > 64) {
                throw new IllegalArgumentException("zstdWorkers " + value + " is outside 0-64");
            }
            this.zstdWorkers = value;
            return this;
        }

        /** Plaintext bytes per authenticated chunk (default 1 MiB; 1 KiB - 16 MiB). */
        public Builder chunkSize(int value) {
            if (value < 1024 || value > 16 << 20) {
                throw new IllegalArgumentException("chunkSize " + value + " is outside 1024-16777216 bytes");
            }
            this.chunkSize = value;
            return this;
        }

        /** Where restores stage and verify backups before the target sees them (default java.io.tmpdir). */
        public Builder stagingDirectory(Path value) {
            this.staging = Objects.requireNonNull(value, "stagingDirectory");
            return this;
        }

        /** The runner. */
        public BackupRunner build() {
            return new BackupRunner(this);
        }
    }
}
