package com.trackingbms.dr.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.testkit.Poll;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One real topology (a primary, a synchronous and an asynchronous standby) shared by every test of the class. */
@DrillTest
@PostgresCluster(modes = {ReplicationMode.SYNCHRONOUS, ReplicationMode.ASYNCHRONOUS})
class PostgresTopologyTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private static String newTable(PostgresTopology pg) throws SQLException {
        String t = "t" + TABLES.incrementAndGet();
        pg.primary().sql().execute("create table " + t + " (id int primary key, v text)");
        return t;
    }

    private static void awaitRows(PostgresServer node, String table, long rows) throws InterruptedException {
        Poll.until(node.name() + " has " + rows + " rows in " + table,
                () -> node.sql().queryLong("select count(*) from " + table) == rows);
    }

    @Test
    void comesUpWithStreamingStandbysSlotsAndChecksums(PostgresTopology pg) throws Exception {
        PostgresServer primary = pg.primary();

        assertThat(pg.nodes()).extracting(PostgresServer::name).containsExactly("primary", "standby1", "standby2");
        assertThat(pg.node("standby1").standbyMode()).contains(ReplicationMode.SYNCHRONOUS);
        assertThat(pg.node("standby2").standbyMode()).contains(ReplicationMode.ASYNCHRONOUS);
        assertThat(primary.host()).isEqualTo("127.0.0.1");
        assertThat(pg.nodes()).extracting(PostgresServer::port).doesNotHaveDuplicates().doesNotContain(5432);
        assertThat(primary.sql().isInRecovery()).isFalse();
        assertThat(pg.node("standby1").sql().isInRecovery()).isTrue();
        assertThat(pg.node("standby2").sql().isInRecovery()).isTrue();
        assertThat(primary.sql().query("select application_name, state, sync_state from pg_stat_replication"
                + " order by application_name")).extracting(r -> r.get("application_name") + "/" + r.get("state")
                + "/" + r.get("sync_state"))
                .containsExactly("standby1/streaming/sync", "standby2/streaming/async");
        assertThat(primary.sql().query("select slot_name, active from pg_replication_slots order by slot_name"))
                .extracting(r -> r.get("slot_name") + "/" + r.get("active"))
                .containsExactly("standby1/true", "standby2/true");
        for (PostgresServer n : pg.nodes()) {
            assertThat(n.sql().queryString("show data_checksums")).as(n.name()).contains("on");
            assertThat(n.sql().queryString("show wal_log_hints")).as(n.name()).contains("on");
            assertThat(n.dataDirectory()).hasValueSatisfying(d -> assertThat(d).isDirectory());
            assertThat(n.pid()).isPresent();
        }
        // As in production: standbys inherit the primary's synchronous_standby_names through pg_basebackup.
        assertThat(pg.node("standby1").sql().queryString("show synchronous_standby_names"))
                .contains("FIRST 1 (standby1)");
    }

    @Test
    void writeOnThePrimaryIsVisibleOnEveryStandby(PostgresTopology pg) throws Exception {
        String t = newTable(pg);

        pg.primary().sql().execute("insert into " + t + " values (1, 'montreal')");

        for (PostgresServer standby : pg.standbys()) {
            awaitRows(standby, t, 1);
            assertThat(standby.sql().queryString("select v from " + t + " where id = 1")).contains("montreal");
        }
        assertThatThrownBy(() -> pg.node("standby1").sql().execute("insert into " + t + " values (2, 'x')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
    }

    @Test
    void commitsBlockWhileTheSynchronousStandbyIsDownAndResumeWhenItReturns(PostgresTopology pg) throws Exception {
        String t = newTable(pg);
        PostgresServer sync = pg.node("standby1");
        sync.kill9();
        try {
            assertThatThrownBy(() -> pg.primary().sql().withTimeout(Duration.ofSeconds(1))
                    .execute("insert into " + t + " values (1, 'unconfirmed')"))
                    .isInstanceOf(SyncReplicationNotConfirmedException.class)
                    .hasMessageContaining("not confirmed by a synchronous standby within PT1S")
                    .hasMessageContaining("canceling wait for synchronous replication");
        } finally {
            sync.start();
            pg.awaitStreaming(Duration.ofSeconds(30));
        }

        pg.primary().sql().execute("insert into " + t + " values (2, 'confirmed')");

        // The cancelled commit was committed locally: it was never acknowledged, yet it is there.
        assertThat(pg.primary().sql().queryLong("select count(*) from " + t)).isEqualTo(2);
        awaitRows(sync, t, 2);
    }

    @Test
    void killedPrimaryRestartsWithCrashRecoveryAndStandbysReconnect(PostgresTopology pg) throws Exception {
        String t = newTable(pg);
        pg.primary().sql().execute("insert into " + t + " values (1, 'before crash')");
        long pid = pg.primary().pid().orElseThrow();

        pg.primary().kill9();

        assertThat(pg.primary().isRunning()).isFalse();
        assertThat(pg.primary().pid()).isEmpty();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThatThrownBy(() -> pg.primary().sql().execute("select 1")).isInstanceOf(SQLException.class);

        pg.primary().start();

        assertThat(pg.primary().logTail(40)).contains("database system was interrupted");
        assertThat(pg.primary().sql().queryLong("select count(*) from " + t)).isEqualTo(1);
        pg.awaitStreaming(Duration.ofSeconds(30));
        pg.primary().sql().execute("insert into " + t + " values (2, 'after crash')");
        awaitRows(pg.node("standby2"), t, 2);
    }

    @Test
    void pausedNodeStopsAnsweringAndResumes(PostgresTopology pg) throws Exception {
        PostgresServer async = pg.node("standby2");

        async.pause();
        try {
            assertThatThrownBy(() -> async.sql().withTimeout(Duration.ofSeconds(1)).queryLong("select 1"))
                    .isInstanceOf(SQLException.class);
            assertThat(async.isRunning()).isTrue();
        } finally {
            async.resume();
        }

        assertThat(async.sql().queryLong("select 1")).isEqualTo(1);
    }

    @Test
    void stoppedNodeShutsDownCleanlyAndStartsAgainAsAStandby(PostgresTopology pg) throws Exception {
        PostgresServer async = pg.node("standby2");

        async.stop();

        assertThat(async.isRunning()).isFalse();
        assertThat(async.logTail(5)).contains("database system is shut down");

        async.start();

        assertThat(async.sql().isInRecovery()).isTrue();
        pg.awaitStreaming(Duration.ofSeconds(30));
    }

    @Test
    void passwordIsRequiredAndNeverPrinted(PostgresTopology pg) throws Exception {
        PostgresServer primary = pg.primary();
        String password = pg.password().revealString();

        assertThat(connectWith(primary, null)).contains("no password was provided");
        assertThat(connectWith(primary, "wrong")).contains("password authentication failed");
        assertThat(connectWith(primary, password)).isEqualTo("ok");
        try (Connection c = primary.connect()) {
            assertThat(c.isValid(5)).isTrue();
        }

        assertThat(pg.password().toString()).doesNotContain(password);
        assertThat(pg.toString() + primary + primary.jdbcUrl() + primary.sql() + pg.diagnostics(1000))
                .doesNotContain(password);
        for (PostgresServer n : pg.nodes()) {
            assertThat(Files.readString(n.dataDirectory().orElseThrow().resolveSibling("server.log")))
                    .doesNotContain(password);
        }
    }

    private static String connectWith(PostgresServer node, String password) {
        Properties p = new Properties();
        p.setProperty("user", node.user());
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection(node.jdbcUrl(), p)) {
            return c.isValid(5) ? "ok" : "invalid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
