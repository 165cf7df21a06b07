package com.trackingbms.dr.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupRunner;
import com.trackingbms.dr.postgres.PostgresNode;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import com.trackingbms.dr.postgres.backup.internal.Run;
import com.trackingbms.dr.store.FileSystemObjectStore;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The runbook's Vancouver site: a standby fed only from the archive, its lag measured, promoted like any standby. */
@DrillTest
@PostgresCluster(standbys = 0)
class WarmStandbyIT {

    @Test
    void followsTheArchiveAndIsPromotable(PostgresTopology pg) throws Exception {
        PgTools tools = PgFixtures.tools(pg.primary());
        Path work = PgFixtures.scratch("dr-warm-");
        try {
            FileSystemObjectStore store = FileSystemObjectStore.of(work.resolve("store"));
            BackupRunner runner = BackupRunner.builder(store).build();
            WalArchive archive = WalArchive.builder(store).build();
            try (WalReceiver receiver = WalReceiver.start(tools, archive, work.resolve("spool"), "dr_warm", Duration.ofMillis(200))) {
                PgFixtures.execute(tools, "postgres", "create table positions(id int primary key, site text)",
                        "insert into positions select g, 'montreal' from generate_series(1, 100) g");
                runner.backup(PostgresBackups.baseBackup(tools), BackupKind.FULL);
                try (WarmStandby standby = WarmStandby.start(runner, archive, tools, work.resolve("vancouver"), LoopbackPorts.free(),
                        Duration.ofMillis(300))) {
                    PgTools s = standby.server().tools();
                    PgFixtures.execute(tools, "postgres", "insert into positions select g, 'montreal' from generate_series(101, 500) g");
                    String segment = Lsn.parse(PgFixtures.strings(tools, "postgres", "select pg_current_wal_lsn()::text").get(0)).segmentName(1);
                    PgFixtures.execute(tools, "postgres", "select pg_switch_wal()");
                    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
                    while (count(s) < 500) {
                        assertThat(Instant.now()).as("standby replayed rows 101-500 from the archive").isBefore(deadline);
                        Thread.sleep(200);
                    }
                    assertThat(archive.find(segment)).isPresent();
                    WarmStandby.Lag lag = standby.replayLag();
                    assertThat(Lsn.parse(lag.replayLsn()).compareTo(Lsn.startOf(segment))).isPositive();
                    assertThat(lag.bytesBehind()).isLessThan(Lsn.SEGMENT);
                    assertThat(lag.lastReplayedCommit()).isPresent();
                    assertThat(PgFixtures.strings(s, "postgres", "select pg_is_in_recovery()::text")).containsExactly("true");

                    standby.stopFeeding();
                    PostgresNode node = standby.node("vancouver");
                    node.promote(Duration.ofSeconds(60));
                    assertThat(node.acceptsWrites()).isTrue();
                    PgFixtures.execute(s, "postgres", "insert into positions values (501, 'vancouver')");
                    assertThat(count(s)).isEqualTo(501);
                }
            }
        } finally {
            Run.deleteTree(work);
        }
    }

    private static long count(PgTools s) throws SQLException {
        return PgFixtures.queryLong(s, "postgres", "select count(*) from positions");
    }
}
