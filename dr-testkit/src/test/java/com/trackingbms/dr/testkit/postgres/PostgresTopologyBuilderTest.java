package com.trackingbms.dr.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.ReplicationMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Validation of topology descriptions; no server is started. */
class PostgresTopologyBuilderTest {

    @Test
    void everySynchronousStandbyMustConfirmACommit() {
        PostgresTopologyBuilder.Config c = PostgresTopology.builder()
                .standby("toronto", ReplicationMode.SYNCHRONOUS)
                .standby("vancouver", ReplicationMode.ASYNCHRONOUS)
                .standby("ottawa", ReplicationMode.SYNCHRONOUS).config();

        assertThat(c.synchronousStandbys()).containsExactly("toronto", "ottawa");
        assertThat(c.synchronousStandbyNames()).isEqualTo("FIRST 2 (toronto, ottawa)");
        assertThat(PostgresTopology.builder().standbys(2, ReplicationMode.ASYNCHRONOUS).config()
                .synchronousStandbyNames()).isEmpty();
    }

    @Test
    void numberedStandbysContinueAfterNamedOnes() {
        assertThat(PostgresTopology.builder().standby("standby1", ReplicationMode.SYNCHRONOUS)
                .standbys(2, ReplicationMode.ASYNCHRONOUS).config().standbys())
                .extracting(PostgresTopology.StandbySpec::name).containsExactly("standby1", "standby2", "standby3");
    }

    @Test
    void badValuesAreRejectedWithTheFieldAndTheFix() {
        assertThatThrownBy(() -> PostgresTopology.builder().standby("Toronto-1", ReplicationMode.SYNCHRONOUS))
                .hasMessageContaining("standby name 'Toronto-1' must be a lower-case identifier");
        assertThatThrownBy(() -> PostgresTopology.builder().standbys(9, ReplicationMode.SYNCHRONOUS))
                .hasMessageContaining("standbys count must be between 0 and 8");
        assertThatThrownBy(() -> PostgresTopology.builder().setting("port", "5432"))
                .hasMessageContaining("setting port is managed by the topology");
        assertThatThrownBy(() -> PostgresTopology.builder().setting("bad name", "1"))
                .hasMessageContaining("setting name 'bad name'");
        assertThatThrownBy(() -> PostgresTopology.builder().startupTimeout(Duration.ZERO))
                .hasMessageContaining("startupTimeout must be positive");
        assertThatThrownBy(() -> PostgresTopology.builder().primaryName("db")
                .standby("db", ReplicationMode.SYNCHRONOUS).config())
                .hasMessageContaining("node names must be unique, got [db, db]");
    }

    @Test
    void aBinDirectoryWithoutPostgresIsRejectedWithTheFix() {
        assertThatThrownBy(() -> PostgresBinaries.in(Path.of("/nonexistent")))
                .hasMessageContaining("/nonexistent has no executable postgres")
                .hasMessageContaining("DR_PG_BIN");
    }

    @Test
    void findsTheLocalBinaries() {
        // This machine has PostgreSQL 15 under /usr/lib/postgresql; elsewhere DR_PG_BIN or PATH may point anywhere.
        assertThat(PostgresBinaries.find()).hasValueSatisfying(b -> {
            assertThat(b.tool("pg_basebackup")).isExecutable();
            assertThat(b.majorVersion()).isGreaterThanOrEqualTo(12);
        });
    }
}
