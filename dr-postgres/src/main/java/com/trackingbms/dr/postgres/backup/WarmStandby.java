package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.postgres.PostgresNode;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm standby kept in sync from the archive alone (the runbook's Vancouver site): the latest base backup restored
 * with {@code standby.signal}, and a feeder that fetches each newly archived segment, verified, into the directory its
 * {@code restore_command} copies from; segments already replayed are removed from there. It never connects to the
 * primary. {@link #replayLag()} measures how far it trails the archive; {@link #node(String)} is an ordinary
 * {@link PostgresNode}, so the failover engine promotes it like any standby.
 */
public final class WarmStandby implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmStandby.class);

    private final WalArchive archive;
    private final RestoredServer server;
    private final Path staging;
    private final ScheduledExecutorService feeder;
    private final Set<String> staged = new HashSet<>();
    private final long firstSegment;

    private WarmStandby(WalArchive archive, RestoredServer server, Path staging, long firstSegment) {
        this.archive = archive;
        this.server = server;
        this.staging = staging;
        this.firstSegment = firstSegment;
        this.feeder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dr-warm-standby-feeder");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Restores the latest base backup into {@code dataDirectory} as a standby on 127.0.0.1:{@code port} and feeds it
     * archived WAL every {@code feedEvery}.
     */
    public static WarmStandby start(BackupRunner backups, WalArchive archive, PgTools tools, Path dataDirectory, int port,
                                    Duration feedEvery) throws IOException {
        Objects.requireNonNull(feedEvery, "feedEvery");
        if (feedEvery.isNegative() || feedEvery.isZero()) {
            throw new IllegalArgumentException("feedEvery " + feedEvery + " must be positive (e.g. 10 s)");
        }
        PointInTimeRestore restore = PointInTimeRestore.builder(backups, archive, tools).dataDirectory(dataDirectory).port(port)
                .target(RecoveryTarget.latest()).standby(true).build();
        long first = Lsn.parse(restore.chooseBaseBackup().positions().get("start_lsn")).segmentNumber();
        RestoredServer server = restore.execute();
        WarmStandby standby = new WarmStandby(archive, server, restore.walStaging(), first);
        try (Stream<Path> files = Files.list(standby.staging)) {
            files.forEach(p -> standby.staged.add(p.getFileName().toString()));
        }
        standby.feeder.scheduleWithFixedDelay(standby::feedQuietly, feedEvery.toMillis(), feedEvery.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("warm standby {} replaying from {}", server, archive.store().describe());
        return standby;
    }

    private void feedQuietly() {
        try {
            feed();
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("warm standby feed failed (retried at the next interval): {}", e.toString());
        }
    }

    /**
     * Fetches every archived file not yet handed to the standby, then drops staged segments it has replayed.
     *
     * @return how many files were fetched
     */
    public synchronized int feed() throws IOException, SQLException {
        int n = 0;
        for (WalSegment s : archive.list()) {
            if (staged.contains(s.name()) || (!s.isHistory() && Lsn.segmentNumberOf(s.name()) < firstSegment)) {
                continue;
            }
            Path dest = staging.resolve(s.name());
            archive.fetch(s.name(), dest);
            Optional<com.trackingbms.dr.exec.RunAs> owner = server.tools().serverUser();
            if (owner.isPresent() && owner.get().needsSwitch()) {
                owner.get().chown(dest);
            }
            staged.add(s.name());
            n++;
        }
        Optional<Lsn> replayed = replayLsn();
        if (replayed.isPresent()) {
            long keepFrom = replayed.get().segmentNumber();
            try (Stream<Path> files = Files.list(staging)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (Lsn.isSegmentName(name) && Lsn.segmentNumberOf(name) < keepFrom) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        return n;
    }

    private Optional<Lsn> replayLsn() throws SQLException {
        try (Connection c = server.connect(server.tools().database()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_last_wal_replay_lsn()::text")) {
            rs.next();
            return Optional.ofNullable(rs.getString(1)).map(Lsn::parse);
        }
    }

    /**
     * How far the standby trails: bytes between its replay position and the end of the newest archived segment, and
     * the age of the last transaction it replayed.
     *
     * @param replayLsn where replay stands
     * @param archiveEndLsn the end of the newest archived segment
     * @param bytesBehind archive end minus replay position (0 when replay has caught up)
     * @param lastReplayedCommit when the last replayed transaction committed on the primary, if any
     */
    public record Lag(String replayLsn, String archiveEndLsn, long bytesBehind, Optional<OffsetDateTime> lastReplayedCommit) {
    }

    /** Measures the replay lag now. */
    public Lag replayLag() throws IOException, SQLException {
        Lsn end = archive.list().stream().filter(s -> !s.isHistory()).map(s -> Lsn.parse(s.endLsn())).max(Lsn::compareTo)
                .orElse(new Lsn(0));
        try (Connection c = server.connect(server.tools().database()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp()")) {
            rs.next();
            Lsn replay = rs.getString(1) == null ? new Lsn(0) : Lsn.parse(rs.getString(1));
            return new Lag(replay.toString(), end.toString(), Math.max(0, end.value() - replay.value()),
                    Optional.ofNullable(rs.getObject(2, OffsetDateTime.class)));
        }
    }

    /** The standby as a database node (promote it with {@link PostgresNode#promote}; stop feeding first with {@link #stopFeeding()}). */
    public PostgresNode node(String name) {
        PgTools t = server.tools();
        return PostgresNode.builder(name).host("127.0.0.1").port(t.port()).database(t.database()).user(t.user())
                .password(t.password().orElse(com.trackingbms.dr.Secret.of(""))).build();
    }

    /** The running server. */
    public RestoredServer server() {
        return server;
    }

    /** Stops fetching WAL (before a promotion, so nothing more is replayed). */
    public void stopFeeding() {
        feeder.shutdownNow();
        try {
            feeder.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops feeding and stops the server; its data directory stays. */
    @Override
    public void close() throws IOException {
        stopFeeding();
        server.close();
    }
}
