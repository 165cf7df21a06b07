package com.trackingbms.dr.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Site;
import com.trackingbms.dr.testkit.junit.DrillTest;
import com.trackingbms.dr.testkit.junit.PostgresCluster;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.CheckContext;
import com.trackingbms.dr.validation.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runbook's database checks against a real server with a TrackingBMS-like schema. */
@DrillTest
@PostgresCluster(standbys = 0)
class PostgresChecksIT {

    private static PostgresChecks checks;

    @BeforeAll
    static void schema(PostgresTopology pg) throws Exception {
        var sql = pg.primary().sql();
        sql.execute("CREATE TABLE clients(id int PRIMARY KEY, name text)");
        sql.execute("CREATE TABLE batteries(id int PRIMARY KEY, client_id int)");
        sql.execute("CREATE TABLE battery_metrics(battery_id int, voltage double precision)");
        sql.execute("CREATE TABLE empty_table(id int)");
        sql.execute("INSERT INTO clients VALUES (1, 'fleet-a'), (2, 'fleet-b')");
        sql.execute("INSERT INTO batteries VALUES (10, 1), (11, 2), (12, NULL)");
        sql.execute("INSERT INTO battery_metrics VALUES (10, 3.7), (11, 4.1), (12, NULL)");
        checks = PostgresChecks.on(Nodes.of(pg.primary()));
    }

    private static Outcome run(Check check) throws Exception {
        return check.run(new CheckContext() {
            @Override
            public Site site() {
                throw new UnsupportedOperationException("database checks use their node");
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(10);
            }
        });
    }

    @Test
    void connectivityAndTables() throws Exception {
        assertThat(run(checks.connectivity()).passed()).isTrue();
        assertThat(run(checks.tablesExist("clients", "public.batteries")).detail())
                .isEqualTo("all 2 tables exist: clients, public.batteries");
        Outcome missing = run(checks.tablesExist("clients", "locations"));
        assertThat(missing.passed()).isFalse();
        assertThat(missing.detail()).isEqualTo("missing tables: locations");
    }

    @Test
    void criticalTablesNotEmpty() throws Exception {
        assertThat(run(checks.notEmpty("clients", "batteries")).passed()).isTrue();
        assertThat(run(checks.notEmpty("clients", "empty_table")).detail()).isEqualTo("empty tables: empty_table");
    }

    @Test
    void orphansAreCountedAndNullsAreNotOrphans() throws Exception {
        Check check = checks.noOrphans("batteries", "client_id", "clients", "id");
        assertThat(check.name()).isEqualTo("no orphans batteries.client_id -> clients.id");
        assertThat(run(check).detail()).isEqualTo("0 orphans for batteries.client_id -> clients.id");
        Check metrics = checks.noOrphans("battery_metrics", "battery_id", "batteries", "id");
        assertThat(run(metrics).passed()).isTrue();
        Check dangling = checks.noOrphans("batteries", "id", "battery_metrics", "battery_id");
        assertThat(run(dangling).passed()).isTrue();
        Check clientsWithoutBatteries = checks.noOrphans("clients", "id", "batteries", "client_id");
        assertThat(run(clientsWithoutBatteries).passed()).isTrue();
        Check broken = checks.noOrphans("battery_metrics", "voltage", "clients", "id");
        assertThat(run(broken).detail()).isEqualTo("2 orphans for battery_metrics.voltage -> clients.id");
    }

    @Test
    void valuesWithinRange() throws Exception {
        assertThat(run(checks.valuesWithin("battery_metrics", "voltage", 0, 5)).detail())
                .isEqualTo("all values within range, seen 3.7 to 4.1");
        Outcome tight = run(checks.valuesWithin("battery_metrics", "voltage", 0, 4));
        assertThat(tight.passed()).isFalse();
        assertThat(tight.detail()).isEqualTo("1 values outside 0.0-4.0, seen 3.7 to 4.1");
    }

    @Test
    void queryWithinBudget() throws Exception {
        assertThat(run(checks.queryWithin("dashboard query", "SELECT count(*) FROM batteries", Duration.ofSeconds(5))).passed()).isTrue();
        Outcome slow = run(checks.queryWithin("slow query", "SELECT pg_sleep(0.3)", Duration.ofMillis(50)));
        assertThat(slow.passed()).isFalse();
        assertThat(slow.detail()).endsWith("(budget 50ms)");
    }

    @Test
    void identifiersThatAreNotPlainAreRejectedUpFront() {
        assertThatThrownBy(() -> checks.tablesExist("clients; DROP TABLE clients"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table name 'clients; DROP TABLE clients' is not a plain identifier or schema.table; use letters, digits and underscores");
        assertThatThrownBy(() -> checks.noOrphans("batteries", "client_id\"", "clients", "id"))
                .hasMessageStartingWith("column name 'client_id\"' is not a plain identifier");
    }
}
