package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.alert.Alert;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.backup.BackupCatalog;
import com.trackingbms.dr.backup.BackupContext;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.backup.BackupSource;
import com.trackingbms.dr.backup.Compression;
import com.trackingbms.dr.backup.NoSuchBackupException;
import com.trackingbms.dr.backup.ProgressListener;
import com.trackingbms.dr.backup.RestoreRequest;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProvider;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import com.trackingbms.dr.postgres.backup.internal.PrefixedStore;
import com.trackingbms.dr.postgres.backup.internal.Run;
import com.trackingbms.dr.store.ObjectInfo;
import com.trackingbms.dr.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAL archive in an object store: each segment (and timeline history file) compressed, encrypted and stored by the
 * backup pipeline under {@code wal/<name>/} with its own manifest (timeline, LSN range, SHA-256 of its content), so a
 * segment is listed only once completely stored, and verified before a single byte of it is handed back.
 */
public final class WalArchive {

    private static final Logger LOG = LoggerFactory.getLogger(WalArchive.class);
    /** Key prefix of the archive in the store. */
    public static final String PREFIX = "wal/";

    private final ObjectStore store;
    private final Compression compression;
    private final Encryption encryption;
    private final KeyProvider restoreKeys;
    private final Clock clock;
    private final AlertSink alerts;
    private final String plan;

    private WalArchive(Builder b) {
        this.store = b.store;
        this.compression = b.compression;
        this.encryption = b.encryption;
        this.restoreKeys = b.restoreKeys;
        this.clock = b.clock;
        this.alerts = b.alerts;
        this.plan = b.plan;
    }

    /** A builder over {@code store} (the same store as the base backups is fine: the archive lives under {@code wal/}). */
    public static Builder builder(ObjectStore store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /** The store. */
    public ObjectStore store() {
        return store;
    }

    private BackupRunner runner(String name) {
        BackupRunner.Builder b = BackupRunner.builder(new PrefixedStore(store, PREFIX + name + "/")).compression(compression)
                .encryption(encryption).clock(clock).onProgress(ProgressListener.none()).zstdWorkers(0);
        if (restoreKeys != null) {
            b.restoreKeys(restoreKeys);
        }
        return b.build();
    }

    private static void checkName(String name) {
        if (!Lsn.isSegmentName(name) && !name.matches("[0-9A-F]{8}\\.history")) {
            throw new IllegalArgumentException("'" + name + "' is not a WAL segment or timeline history file name "
                    + "(24 hex digits, or 8 hex digits + .history); partial and backup-label files are not archived");
        }
    }

    /**
     * Stores one completed WAL file. Pushing a file that is already archived with the same content succeeds (an
     * archive_command retried after a crash); with different content it fails, so a diverged server never
     * overwrites the archive.
     *
     * @return the archived segment
     */
    public WalSegment push(Path file) throws IOException {
        String name = file.getFileName().toString();
        checkName(name);
        String sha = sha256(file);
        Optional<WalSegment> existing = find(name);
        if (existing.isPresent()) {
            String archived = existing.get().manifest().positions().get("content_sha256");
            if (sha.equals(archived)) {
                LOG.info("WAL file {} is already archived with the same content", name);
                return existing.get();
            }
            throw new IOException("WAL file " + name + " is already archived with different content (SHA-256 " + archived
                    + ", this file " + sha + "); refusing to overwrite: another server may be archiving into " + store.describe());
        }
        long size = Files.size(file);
        if (Lsn.isSegmentName(name) && size != Lsn.SEGMENT) {
            throw new IOException("WAL segment " + name + " is " + size + " bytes, not " + Lsn.SEGMENT + "; only complete segments are archived");
        }
        BackupManifest m = runner(name).backup(new BackupSource() {
            @Override
            public String describe() {
                return "WAL file " + name;
            }

            @Override
            public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    long copied = Run.copy(in, out);
                    if (copied != size) {
                        throw new IOException("WAL file " + file + " changed size while being archived");
                    }
                }
                return positions(name, sha);
            }
        }, BackupKind.FULL);
        LOG.info("archived WAL file {} ({} bytes stored)", name, m.storedBytes());
        return toSegment(name, m);
    }

    private static Map<String, String> positions(String name, String sha) {
        Map<String, String> p = new TreeMap<>();
        p.put("wal_file", name);
        p.put("content_sha256", sha);
        if (Lsn.isSegmentName(name)) {
            Lsn start = Lsn.startOf(name);
            p.put("timeline", Integer.toString(Lsn.timelineOf(name)));
            p.put("start_lsn", start.toString());
            p.put("end_lsn", new Lsn(start.value() + Lsn.SEGMENT).toString());
        } else {
            p.put("timeline", Integer.toString(Integer.parseInt(name.substring(0, 8), 16)));
        }
        return p;
    }

    private static WalSegment toSegment(String name, BackupManifest m) {
        return new WalSegment(name, Integer.parseInt(m.positions().getOrDefault("timeline", "0")),
                m.positions().getOrDefault("start_lsn", ""), m.positions().getOrDefault("end_lsn", ""), m);
    }

    /** The archived file of this name, if it is completely stored. */
    public Optional<WalSegment> find(String name) throws IOException {
        checkName(name);
        return BackupCatalog.of(new PrefixedStore(store, PREFIX + name + "/")).latest().map(m -> toSegment(name, m));
    }

    /**
     * Verifies the archived file (SHA-256 and authentication tags) and only then writes it to {@code destination},
     * through a temporary sibling renamed into place, so a tampered segment never reaches the server.
     *
     * @throws NoSuchBackupException when the file is not archived (restore_command then answers "not found")
     */
    public void fetch(String name, Path destination) throws IOException {
        checkName(name);
        WalSegment segment = find(name).orElseThrow(() -> new NoSuchBackupException("WAL file " + name + " is not in the archive "
                + store.describe()));
        Path parent = destination.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + name + ".", ".fetching");
        try {
            runner(name).restore(RestoreRequest.byId(segment.manifest().id()), new RestoreTarget() {
                @Override
                public String describe() {
                    return "file " + destination;
                }

                @Override
                public void restore(BackupManifest manifest, InputStream data) throws IOException {
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        Run.copy(data, out);
                    }
                }
            });
            if (!sha256(tmp).equals(segment.manifest().positions().get("content_sha256"))) {
                throw new IOException("WAL file " + name + " restored with a different SHA-256 than it was archived with");
            }
            Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Every completely archived WAL file, segments ordered by timeline and position, history files first. */
    public List<WalSegment> list() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectInfo info : store.list(PREFIX)) {
            String rest = info.key().substring(PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.startsWith("manifests/", slash + 1)) {
                names.add(rest.substring(0, slash));
            }
        }
        List<WalSegment> result = new ArrayList<>();
        for (String name : names) {
            if (Lsn.isSegmentName(name) || name.endsWith(".history")) {
                find(name).ifPresent(result::add);
            }
        }
        result.sort((a, b) -> a.isHistory() != b.isHistory() ? (a.isHistory() ? -1 : 1) : a.name().compareTo(b.name()));
        return result;
    }

    /** Missing segments between the first and last archived segment of each timeline. */
    public List<WalGap> gaps() throws IOException {
        return gaps(list().stream().filter(s -> !s.isHistory()).map(WalSegment::name).toList());
    }

    /** Missing segments among these names, per timeline. */
    public static List<WalGap> gaps(List<String> segmentNames) {
        Map<Integer, TreeSet<Long>> byTimeline = new TreeMap<>();
        for (String n : segmentNames) {
            byTimeline.computeIfAbsent(Lsn.timelineOf(n), t -> new TreeSet<>()).add(Lsn.segmentNumberOf(n));
        }
        List<WalGap> gaps = new ArrayList<>();
        byTimeline.forEach((tl, segs) -> {
            Long prev = null;
            for (long s : segs) {
                if (prev != null && s > prev + 1) {
                    gaps.add(new WalGap(tl, Lsn.segmentName(tl, prev + 1), Lsn.segmentName(tl, s - 1), s - prev - 1));
                }
                prev = s;
            }
        });
        return gaps;
    }

    /**
     * Checks the archive for gaps and sends a critical alert for each one (a restore cannot replay past a gap).
     * A sink that fails is logged and tolerated: the gaps are still returned.
     */
    public List<WalGap> checkGaps() throws IOException {
        List<WalGap> gaps = gaps();
        for (WalGap g : gaps) {
            alert(Severity.CRITICAL, "WAL archive gap: " + g.describe(),
                    "Point-in-time restores cannot pass " + g.firstMissing() + " in " + store.describe()
                            + ". Take a new base backup now and find why the segments were not shipped.",
                    Map.of("timeline", Integer.toString(g.timeline()), "first_missing", g.firstMissing()));
        }
        return gaps;
    }

    void alert(Severity severity, String title, String detail, Map<String, String> fields) {
        LOG.warn("{}: {}", title, detail);
        try {
            alerts.send(new Alert(severity, plan, title, detail, clock.instant(), fields));
        } catch (Exception e) {
            LOG.error("alert sink failed to send '{}': {}", title, e.toString());
        }
    }

    /**
     * Fetches (verified) every archived file a recovery from {@code start} may need into {@code directory}: each
     * timeline history file and every segment from {@code start}'s segment on, on any timeline.
     *
     * @return how many files were staged
     */
    public int stage(Lsn start, Path directory) throws IOException {
        Files.createDirectories(directory);
        int n = 0;
        for (WalSegment s : list()) {
            if (s.isHistory() || Lsn.segmentNumberOf(s.name()) >= start.segmentNumber()) {
                fetch(s.name(), directory.resolve(s.name()));
                n++;
            }
        }
        return n;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) >= 0) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "WalArchive[" + store.describe() + "]";
    }

    /** Configures a {@link WalArchive}. */
    public static final class Builder {
        private final ObjectStore store;
        private Compression compression = Compression.zstd(3);
        private Encryption encryption = Encryption.none();
        private KeyProvider restoreKeys;
        private Clock clock = Clock.systemUTC();
        private AlertSink alerts = com.trackingbms.dr.alert.AlertSinks.logging();
        private String plan = "postgres";

        private Builder(ObjectStore store) {
            this.store = store;
        }

        /** Compression of segments (default zstd 3; WAL of telemetry compresses well). */
        public Builder compression(Compression value) {
            this.compression = Objects.requireNonNull(value, "compression").requireValid("compression");
            return this;
        }

        /** Encryption of segments (default none). */
        public Builder encryption(Encryption value) {
            this.encryption = Objects.requireNonNull(value, "encryption").requireValid("encryption");
            return this;
        }

        /** Keys for fetching, when they differ from the encryption's (rotation). */
        public Builder restoreKeys(KeyProvider value) {
            this.restoreKeys = Objects.requireNonNull(value, "restoreKeys");
            return this;
        }

        /** The clock for manifests and alerts. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Where gap and shipping alerts go (default: logged only). */
        public Builder alerts(AlertSink value) {
            this.alerts = Objects.requireNonNull(value, "alerts");
            return this;
        }

        /** The plan name alerts carry (default "postgres"). */
        public Builder plan(String value) {
            this.plan = Objects.requireNonNull(value, "plan");
            return this;
        }

        /** The archive. */
        public WalArchive build() {
            return new WalArchive(this);
        }
    }
}
