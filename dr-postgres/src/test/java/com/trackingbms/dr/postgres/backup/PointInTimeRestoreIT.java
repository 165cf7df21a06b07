package com.trackingbms.dr.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.crypto.CryptoException;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import com.trackingbms.dr.postgres.backup.internal.Run;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Base backups, WAL streamed into the archive by the library, and point-in-time restores on real PostgreSQL. */
@DrillTest
@PostgresCluster(standbys = 0)
class PointInTimeRestoreIT {

    private static final Encryption KEYS = Encryption.aes256Gcm(KeyProviders.key("k1",
            Secret.of("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210")));

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String currentSegment(PgTools tools) throws Exception {
        return Lsn.parse(PgFixtures.strings(tools, "postgres", "select pg_current_wal_lsn()::text").get(0)).segmentName(1);
    }

    private static boolean archived(WalArchive archive, String segment) {
        try {
            return archive.find(segment).isPresent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void restoresToJustBeforeADroppedTableAndRefusesATamperedSegment(PostgresTopology pg) throws Exception {
        PgTools tools = PgFixtures.tools(pg.primary());
        Path work = PgFixtures.scratch("dr-pitr-");
        FileSystemObjectStore store = FileSystemObjectStore.of(work.resolve("store"));
        BackupRunner runner = BackupRunner.builder(store).encryption(KEYS).build();
        WalArchive archive = WalArchive.builder(store).encryption(KEYS).build();
        OffsetDateTime beforeDrop;
        try (WalReceiver receiver = WalReceiver.start(tools, archive, work.resolve("spool"), "dr_pitr", Duration.ofMillis(200))) {
            PgFixtures.execute(tools, "postgres", "create table readings(id int primary key, note text)",
                    "insert into readings select g, 'before backup' from generate_series(1, 100) g");
            BackupManifest base = runner.backup(PostgresBackups.baseBackup(tools), BackupKind.FULL);
            assertThat(base.positions()).containsKeys("start_lsn", "stop_lsn", "timeline", "start_segment");

            PgFixtures.execute(tools, "postgres", "insert into readings select g, 'after backup' from generate_series(101, 200) g",
                    "create table alarms(id int, text text)", "insert into alarms values (1, 'overheat'), (2, 'undervoltage')");
            try (Connection c = PgFixtures.connect(tools, "postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select clock_timestamp()")) {
                rs.next();
                beforeDrop = rs.getObject(1, OffsetDateTime.class);
            }
            Thread.sleep(20); // the drop must commit strictly after the target time, whose resolution is a microsecond
            PgFixtures.execute(tools, "postgres", "drop table alarms",
                    "insert into readings select g, 'after drop' from generate_series(201, 300) g");
            String last = currentSegment(tools);
            PgFixtures.execute(tools, "postgres", "select pg_switch_wal()");
            await("segment " + last + " in the archive", Duration.ofSeconds(60), () -> archived(archive, last));
        }
        assertThat(archive.gaps()).isEmpty();

        Path data = work.resolve("restored");
        try (RestoredServer restored = PointInTimeRestore.builder(runner, archive, tools).dataDirectory(data)
                .port(LoopbackPorts.free()).target(RecoveryTarget.time(beforeDrop.toInstant())).timeout(Duration.ofMinutes(3))
                .build().execute()) {
            PgTools r = restored.tools();
            assertThat(PgFixtures.queryLong(r, "postgres", "select count(*) from readings")).isEqualTo(200);
            assertThat(PgFixtures.queryLong(r, "postgres", "select count(*) from readings where note = 'after drop'")).isZero();
            assertThat(PgFixtures.strings(r, "postgres", "select text from alarms order by id")).containsExactly("overheat", "undervoltage");
            PgFixtures.execute(r, "postgres", "insert into readings values (9999, 'written on the restored server')");
        } finally {
            Run.deleteTree(data);
        }

        // Tamper with a segment the restore needs: the restore stops before the data directory exists.
        List<WalSegment> segments = archive.list().stream().filter(s -> !s.isHistory()).toList();
        WalSegment victim = segments.get(segments.size() - 1);
        Path object = store.root().resolve(WalArchive.PREFIX + victim.name() + "/" + victim.manifest().objectKey());
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x20);
        }
        Path data2 = work.resolve("restored2");
        PointInTimeRestore again = PointInTimeRestore.builder(runner, archive, tools).dataDirectory(data2).port(LoopbackPorts.free())
                .target(RecoveryTarget.latest()).build();
        assertThatThrownBy(again::execute).isInstanceOf(CryptoException.class).hasMessageContaining("altered");
        assertThat(data2).doesNotExist();
        assertThat(again.walStaging()).doesNotExist();
        Run.deleteTree(work);
    }

    @Test
    void killingThePrimaryMidLoadLosesAtMostTheUnfinishedSegment(@PostgresCluster(standbys = 0, name = "crash") PostgresTopology pg)
            throws Exception {
        PgTools tools = PgFixtures.tools(pg.primary());
        Path work = PgFixtures.scratch("dr-walkill-");
        FileSystemObjectStore store = FileSystemObjectStore.of(work.resolve("store"));
        BackupRunner runner = BackupRunner.builder(store).encryption(KEYS).build();
        WalArchive archive = WalArchive.builder(store).encryption(KEYS).build();
        PgFixtures.execute(tools, "postgres", "create table load(id bigint primary key, payload text)");
        WalReceiver receiver = WalReceiver.start(tools, archive, work.resolve("spool"), "dr_crash", Duration.ofMillis(200));
        runner.backup(PostgresBackups.baseBackup(tools), BackupKind.FULL);
        String first = currentSegment(tools);

        // Acknowledged commits and the WAL position each one had reached.
        List<long[]> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread load = new Thread(() -> {
            try (Connection c = PgFixtures.connect(tools, "postgres"); Statement st = c.createStatement()) {
                for (long batch = 0; !stop.get(); batch++) {
                    st.execute("insert into load select g, repeat(md5(g::text), 16) from generate_series(" + (batch * 1000 + 1) + ", "
                            + (batch * 1000 + 1000) + ") g");
                    try (ResultSet rs = st.executeQuery("select pg_current_wal_lsn()::text")) {
                        rs.next();
                        acknowledged.add(new long[] {batch * 1000 + 1000, Lsn.parse(rs.getString(1)).value()});
                    }
                }
            } catch (Exception expectedWhenKilled) {
                // the primary was killed under the load
            }
        }, "load");
        load.start();
        long firstSeg = Lsn.segmentNumberOf(first);
        await("three completed segments in the archive", Duration.ofMinutes(3),
                () -> archived(archive, Lsn.segmentName(1, firstSeg + 3)));
        pg.primary().kill9();
        stop.set(true);
        load.join(30_000);

        String unfinished = receiver.unfinishedSegment().orElseThrow();
        receiver.shipCompleted();
        receiver.close();
        long unfinishedSeg = Lsn.segmentNumberOf(unfinished);
        for (long s = firstSeg; s < unfinishedSeg; s++) {
            assertThat(archive.find(Lsn.segmentName(1, s))).as("completed segment %s", Lsn.segmentName(1, s)).isPresent();
        }
        assertThat(archive.find(unfinished)).isEmpty();
        assertThat(archive.gaps()).isEmpty();

        long safe = Lsn.startOf(unfinished).value();
        long mustSurvive = acknowledged.stream().filter(a -> Long.compareUnsigned(a[1], safe) <= 0).mapToLong(a -> a[0]).max().orElse(0);
        long lastAcknowledged = acknowledged.stream().mapToLong(a -> a[0]).max().orElse(0);
        assertThat(mustSurvive).as("rows acknowledged before the unfinished segment").isPositive();

        Path data = work.resolve("restored");
        try (RestoredServer restored = PointInTimeRestore.builder(runner, archive, tools).dataDirectory(data)
                .port(LoopbackPorts.free()).target(RecoveryTarget.latest()).timeout(Duration.ofMinutes(3)).build().execute()) {
            long restoredMax = PgFixtures.queryLong(restored.tools(), "postgres", "select coalesce(max(id), 0) from load");
            assertThat(restoredMax).isGreaterThanOrEqualTo(mustSurvive).isLessThanOrEqualTo(lastAcknowledged + 1000);
            assertThat(PgFixtures.queryLong(restored.tools(), "postgres", "select count(*) from load")).isEqualTo(restoredMax);
        } finally {
            Run.deleteTree(work);
            Files.deleteIfExists(work);
        }
    }
}
