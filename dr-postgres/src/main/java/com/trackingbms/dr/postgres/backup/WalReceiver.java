package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.alert.Severity;
import com.trackingbms.dr.exec.CommandException;
import com.trackingbms.dr.exec.RunningCommand;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import com.trackingbms.dr.postgres.backup.internal.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous WAL archiving by streaming: {@code pg_receivewal} writes WAL into a local spool through a replication
 * slot (so the server keeps WAL the archive has not received, even across a receiver restart), and a shipper pushes
 * each completed segment to the {@link WalArchive} within a poll interval and removes it from the spool. The archive
 * therefore trails the primary by the unfinished segment only. A segment that does not follow the previous one on its
 * timeline raises a critical gap alert; a failed push is alerted and retried on the next poll.
 */
public final class WalReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalReceiver.class);

    private final PgTools tools;
    private final WalArchive archive;
    private final Path spool;
    private final String slot;
    private final Duration poll;
    private final ScheduledExecutorService shipper;
    private volatile RunningCommand receiver;
    private volatile String lastShipped;
    private volatile boolean failing;

    private WalReceiver(PgTools tools, WalArchive archive, Path spool, String slot, Duration poll) {
        this.tools = tools;
        this.archive = archive;
        this.spool = spool;
        this.slot = slot;
        this.poll = poll;
        this.shipper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dr-wal-shipper-" + slot);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the slot if needed, starts {@code pg_receivewal} into {@code spool} and the shipper. The slot name must
     * be unique per receiver ({@code [a-z0-9_]}).
     */
    public static WalReceiver start(PgTools tools, WalArchive archive, Path spool, String slot, Duration poll) throws IOException {
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(poll, "poll");
        if (slot == null || !slot.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("slot '" + slot + "' is not a replication slot name: use 1-63 of a-z, 0-9 and _");
        }
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll " + poll + " must be positive (e.g. 1 s)");
        }
        Files.createDirectories(spool);
        Run.run(tools.runner(), tools.client("pg_receivewal").args("--slot", slot, "--create-slot", "--if-not-exists")
                .timeout(Duration.ofMinutes(1)).build());
        WalReceiver r = new WalReceiver(tools, archive, spool, slot, poll);
        r.receiver = tools.runner().start(tools.client("pg_receivewal").args("-D", spool.toString(), "--slot", slot, "-v")
                .timeout(Duration.ofDays(3650)).killGrace(Duration.ofSeconds(5)).build());
        r.shipper.scheduleWithFixedDelay(r::shipQuietly, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("WAL receiver started: pg_receivewal (pid {}) from {}:{} slot {} into {}, shipping to {}", r.receiver.pid(),
                tools.host(), tools.port(), slot, spool, archive.store().describe());
        return r;
    }

    private void shipQuietly() {
        try {
            shipCompleted();
            if (failing) {
                failing = false;
                LOG.info("WAL shipping from {} works again", spool);
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                archive.alert(Severity.CRITICAL, "WAL shipping failed", "Completed WAL segments in " + spool + " could not be stored in "
                        + archive.store().describe() + ": " + e.getMessage() + ". They stay in the spool and are retried every " + poll
                        + "; the archive falls behind until this is fixed.", Map.of("spool", spool.toString()));
            } else {
                LOG.warn("WAL shipping still failing: {}", e.toString());
            }
        }
    }

    /**
     * Pushes every completed segment and history file in the spool to the archive, oldest first, deleting each from
     * the spool once stored; called by the shipper every poll, and callable directly.
     *
     * @return how many files were shipped
     */
    public synchronized int shipCompleted() throws IOException {
        List<Path> ready;
        try (Stream<Path> files = Files.list(spool)) {
            ready = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.matches("[0-9A-F]{8}\\.history") || Lsn.isSegmentName(n);
            }).sorted((a, b) -> {
                boolean ha = a.getFileName().toString().endsWith(".history");
                boolean hb = b.getFileName().toString().endsWith(".history");
                return ha != hb ? (ha ? -1 : 1) : a.getFileName().compareTo(b.getFileName());
            }).toList();
        }
        int n = 0;
        for (Path p : ready) {
            String name = p.getFileName().toString();
            archive.push(p);
            if (Lsn.isSegmentName(name)) {
                checkFollows(name);
                lastShipped = name;
            }
            Files.delete(p);
            n++;
        }
        return n;
    }

    private void checkFollows(String name) {
        String prev = lastShipped;
        if (prev != null && Lsn.timelineOf(prev) == Lsn.timelineOf(name)
                && Lsn.segmentNumberOf(name) != Lsn.segmentNumberOf(prev) + 1) {
            List<WalGap> gaps = WalArchive.gaps(List.of(prev, name));
            for (WalGap g : gaps) {
                archive.alert(Severity.CRITICAL, "WAL archive gap: " + g.describe(), "The receiver shipped " + name + " right after "
                        + prev + "; point-in-time restores cannot pass " + g.firstMissing() + ". Take a new base backup.",
                        Map.of("timeline", Integer.toString(g.timeline()), "first_missing", g.firstMissing()));
            }
        }
    }

    /** The last segment shipped by this receiver, if any. */
    public Optional<String> lastShipped() {
        return Optional.ofNullable(lastShipped);
    }

    /** The segment pg_receivewal is still writing ({@code .partial} in the spool), if any. */
    public Optional<String> unfinishedSegment() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial"))
                    .map(n -> n.substring(0, n.length() - ".partial".length())).sorted().reduce((a, b) -> b);
        }
    }

    /** Whether pg_receivewal is running (it reconnects by itself when the server goes away). */
    public boolean isReceiving() {
        return receiver.isAlive();
    }

    /** Stops pg_receivewal and the shipper, then ships what was completed. The slot is kept (drop it on the server). */
    @Override
    public void close() throws IOException {
        shipper.shutdownNow();
        try {
            shipper.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        receiver.cancel();
        try {
            receiver.await();
        } catch (CommandException expected) {
            // cancelled on purpose
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shipCompleted();
        LOG.info("WAL receiver for slot {} stopped; last shipped segment {}", slot, lastShipped);
    }
}
