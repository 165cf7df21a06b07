package com.trackingbms.dr.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs small sample classes through the JUnit engine and checks what the extension did to them. */
class DrillExtensionTest {

    static final List<PostgresTopology> SEEN = new CopyOnWriteArrayList<>();
    static final java.util.Map<String, PostgresTopology> BY_ROLE = new java.util.concurrent.ConcurrentHashMap<>();

    /** A sample: two tests share one topology, a differently named one gets its own; constructor injection works. */
    @DrillTest
    @PostgresCluster(standbys = 0)
    static class SharingSample {
        private final PostgresTopology fromConstructor;

        SharingSample(PostgresTopology pg) {
            this.fromConstructor = pg;
        }

        @Test
        void first(PostgresTopology pg) throws Exception {
            BY_ROLE.put("first", pg);
            BY_ROLE.put("constructor of first", fromConstructor);
            assertThat(pg.primary().sql().queryLong("select 1")).isEqualTo(1);
        }

        @Test
        void second(PostgresTopology pg, @PostgresCluster(standbys = 0, name = "other") PostgresTopology other) {
            BY_ROLE.put("second", pg);
            BY_ROLE.put("other", other);
        }
    }

    /** A sample whose test fails, to see the server logs attached. */
    @DrillTest
    static class FailingSample {
        @Test
        void fails(@PostgresCluster(modes = ReplicationMode.ASYNCHRONOUS) PostgresTopology pg) {
            SEEN.add(pg);
            assertThat(pg.standbys()).isEmpty();
        }
    }

    @Test
    void sharesOneTopologyPerClassAndConfigurationAndClosesThemAfterTheClass() {
        BY_ROLE.clear();

        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SharingSample.class))
                .execute().testEvents();

        tests.assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(BY_ROLE).hasSize(4);
        PostgresTopology shared = BY_ROLE.get("first");
        assertThat(BY_ROLE.get("constructor of first")).isSameAs(shared);
        assertThat(BY_ROLE.get("second")).isSameAs(shared);
        assertThat(BY_ROLE.get("other")).isNotSameAs(shared);
        for (PostgresTopology pg : List.of(shared, BY_ROLE.get("other"))) {
            PostgresServer primary = pg.primary();
            assertThat(primary.isRunning()).as("closed after the class").isFalse();
            assertThat(primary.dataDirectory().map(Path::getParent).orElseThrow()).doesNotExist();
        }
    }

    @Test
    void attachesServerLogsToAFailure() {
        SEEN.clear();

        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingSample.class))
                .execute().testEvents();

        tests.assertStatistics(s -> s.failed(1));
        Throwable failure = tests.failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0].getMessage())
                .contains("state and log tails of the servers of this test class")
                .contains("--- primary (running, pid ")
                .contains("--- standby1 (running, pid ")
                .contains("database system is ready to accept connections")
                .doesNotContain(SEEN.get(0).password().revealString());
        assertThat(SEEN.get(0).primary().isRunning()).isFalse();
    }

    @Test
    void findsTheFactoriesOnTheClassPath() {
        assertThat(new DrillExtension().factories()).extracting(f -> f.type().getSimpleName())
                .contains("PostgresTopology");
    }
}
