package com.trackingbms.dr.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.testkit.Poll;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** The Testcontainers backend: the same scenarios as the local one where Docker exists, a clear error where not. */
class ContainerPostgresTopologyTest {

    static boolean docker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void withoutDockerTheBackendSaysWhatIsMissing() {
        assumeThat(docker()).as("this checks the message for machines without a Docker engine").isFalse();

        assertThatThrownBy(() -> PostgresTopology.builder().backend(PostgresBackend.TESTCONTAINERS).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a running Docker engine")
                .hasMessageContaining("PostgresBackend.LOCAL");
    }

    @Test
    void replicatesSurvivesKillAndRestartInContainers() throws Exception {
        assumeThat(docker()).as("no Docker engine is available (DockerClientFactory.isDockerAvailable() is false):"
                + " the Testcontainers backend cannot be exercised here; the local backend covers these scenarios")
                .isTrue();
        try (PostgresTopology pg = PostgresTopology.builder().backend(PostgresBackend.TESTCONTAINERS)
                .standby("standby1", ReplicationMode.SYNCHRONOUS).start()) {
            assertThat(pg.backend()).isEqualTo(PostgresBackend.TESTCONTAINERS);
            pg.primary().sql().execute("create table c (id int)");
            pg.primary().sql().execute("insert into c values (1)");
            PostgresServer standby = pg.node("standby1");
            Poll.until("row replicated", () -> standby.sql().queryLong("select count(*) from c") == 1);

            standby.kill9();
            assertThatThrownBy(() -> pg.primary().sql().withTimeout(Duration.ofSeconds(1))
                    .execute("insert into c values (2)")).isInstanceOf(SyncReplicationNotConfirmedException.class);
            standby.start();
            pg.awaitStreaming(Duration.ofSeconds(60));
            pg.primary().sql().execute("insert into c values (3)");
            Poll.until("rows replicated after restart",
                    () -> standby.sql().queryLong("select count(*) from c") == 3);
        }
    }
}
