package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.spi.NodeRole;
import com.trackingbms.dr.spi.NodeState;
import com.trackingbms.dr.spi.ProbeResult;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PostgresNode against a real primary with a synchronous standby. */
@DrillTest
class PostgresNodeIT {

    @Test
    void readsRolesAndPositions(@PostgresCluster PostgresTopology pg) throws Exception {
        PostgresNode primary = Nodes.of(pg.primary());
        PostgresNode standby = Nodes.of(pg.standbys().get(0));
        pg.primary().sql().execute("CREATE TABLE IF NOT EXISTS positions(id int)");
        pg.primary().sql().execute("INSERT INTO positions VALUES (1)");

        NodeState p = primary.state();
        NodeState s = standby.state();
        assertThat(p.role()).isEqualTo(NodeRole.PRIMARY);
        assertThat(p.writePosition()).isPresent();
        assertThat(s.role()).isEqualTo(NodeRole.STANDBY);
        // Synchronous: the commit returned only once the standby had flushed it.
        assertThat(s.receivedPosition().getAsLong()).isGreaterThanOrEqualTo(p.writePosition().getAsLong() - 1024 * 1024);
        assertThat(s.position()).isEqualTo(s.receivedPosition());
        assertThat(primary.acceptsWrites()).isTrue();
        assertThat(standby.acceptsWrites()).isFalse();
        assertThat(primary.standbys()).singleElement().satisfies(st -> {
            assertThat(st.applicationName()).isEqualTo("standby1");
            assertThat(st.syncState()).isEqualTo("sync");
            assertThat(st.state()).isEqualTo("streaming");
        });
        assertThat(standby.standbys()).isEmpty();
        assertThat(primary.slots()).singleElement().satisfies(slot -> {
            assertThat(slot.name()).isEqualTo("standby1");
            assertThat(slot.type()).isEqualTo("physical");
            assertThat(slot.active()).as("the standby streams from its slot").isTrue();
            assertThat(slot.restartPosition()).isPresent();
            assertThat(slot.retainedBytes().getAsLong()).isNotNegative();
            assertThat(slot.walStatus()).isIn("reserved", "extended");
        });
        assertThat(standby.slots()).isEmpty();
    }

    @Test
    void fenceRefusesWritesEndsSessionsAndSurvivesARestart(@PostgresCluster(name = "fence") PostgresTopology pg) throws Exception {
        PostgresNode primary = Nodes.of(pg.primary());
        pg.primary().sql().execute("CREATE TABLE fenced(id int)");
        try (Connection open = primary.connect()) {
            primary.fence();
            assertThatThrownBy(() -> open.createStatement().execute("SELECT 1"))
                    .as("an existing session is terminated by the fence").isInstanceOf(SQLException.class);
        }
        assertThat(primary.state().fenced()).isTrue();
        assertThat(primary.acceptsWrites()).isFalse();
        assertThatThrownBy(() -> pg.primary().sql().execute("INSERT INTO fenced VALUES (1)"))
                .hasMessageContaining("read-only transaction");

        pg.primary().stop();
        pg.primary().start();
        assertThat(primary.acceptsWrites()).as("the fence is in postgresql.auto.conf, so a restart keeps it").isFalse();

        primary.unfence();
        assertThat(primary.acceptsWrites()).isTrue();
        pg.primary().sql().execute("INSERT INTO fenced VALUES (2)");
        primary.fence();
        primary.fence();
        assertThat(primary.state().fenced()).as("fencing twice is harmless").isTrue();
        primary.unfence();
    }

    @Test
    void promoteClearsInheritedSyncNamesSoWritesDoNotBlock(@PostgresCluster(name = "promote") PostgresTopology pg) throws Exception {
        PostgresNode standby = Nodes.of(pg.standbys().get(0));
        pg.primary().sql().execute("CREATE TABLE promoted(id int)");
        pg.primary().sql().execute("INSERT INTO promoted VALUES (1)");
        pg.primary().kill9();

        standby.promote(Duration.ofSeconds(30));

        assertThat(standby.state().role()).isEqualTo(NodeRole.PRIMARY);
        assertThat(standby.acceptsWrites()).isTrue();
        // Guarded: with the inherited synchronous_standby_names this commit would wait forever.
        pg.standbys().get(0).sql().withTimeout(Duration.ofSeconds(5)).execute("INSERT INTO promoted VALUES (2)");
        assertThat(pg.standbys().get(0).sql().queryLong("SELECT count(*) FROM promoted")).isEqualTo(2);
        standby.promote(Duration.ofSeconds(5));
        assertThat(standby.state().role()).as("promoting a primary is a no-op").isEqualTo(NodeRole.PRIMARY);
    }

    @Test
    void probeAnswersAndTimesOutOnAHungServer(@PostgresCluster(name = "probe", standbys = 0) PostgresTopology pg) throws Exception {
        PostgresNode primary = Nodes.of(pg.primary());
        ProbeResult ok = primary.probe().probe(Duration.ofSeconds(2));
        assertThat(ok.healthy()).isTrue();
        assertThat(ok.detail()).isEqualTo("SELECT 1 ok");
        pg.primary().pause();
        try {
            ProbeResult hung = primary.probe().probe(Duration.ofSeconds(1));
            assertThat(hung.healthy()).isFalse();
        } finally {
            pg.primary().resume();
        }
        assertThat(primary.probe().probe(Duration.ofSeconds(2)).healthy()).isTrue();
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverShown(@PostgresCluster(name = "probe", standbys = 0) PostgresTopology pg) throws Exception {
        PostgresNode wrong = PostgresNode.builder("x").host(pg.primary().host()).port(pg.primary().port())
                .user(pg.primary().user()).password(Secret.of("not-the-password-42")).build();
        assertThatThrownBy(wrong::state).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password-42"));
        ProbeResult probe = wrong.probe().probe(Duration.ofSeconds(2));
        assertThat(probe.healthy()).isFalse();
        assertThat(probe.detail()).contains("password authentication failed").doesNotContain("not-the-password-42");
        assertThat(wrong.toString()).isEqualTo("PostgresNode[x " + pg.primary().host() + ":" + pg.primary().port()
                + "/postgres as " + pg.primary().user() + "]");
        assertThat(pg.primary().password().revealString()).isNotEmpty();
        assertThat(Nodes.of(pg.primary()).toString()).doesNotContain(pg.primary().password().revealString());
    }
}
