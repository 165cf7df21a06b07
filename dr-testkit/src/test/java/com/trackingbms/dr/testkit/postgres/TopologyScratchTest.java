package com.trackingbms.dr.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.ReplicationMode;
import org.junit.jupiter.api.Test;

class TopologyScratchTest {
    @Test
    void startsAndCloses() throws Exception {
        long t0 = System.nanoTime();
        try (PostgresTopology pg = PostgresTopology.builder().standby("s1", ReplicationMode.SYNCHRONOUS).start()) {
            System.out.println("ready ms " + (System.nanoTime() - t0) / 1_000_000);
            pg.primary().sql().execute("create table t(id int)");
            pg.primary().sql().execute("insert into t values (1)");
            System.out.println(pg.diagnostics(5));
            assertThat(pg.node("s1").sql().queryLong("select count(*) from t")).isEqualTo(1);
            long t1 = System.nanoTime();
            pg.node("s1").kill9();
            try {
                pg.primary().sql().withTimeout(java.time.Duration.ofSeconds(1)).execute("insert into t values (2)");
                System.out.println("NO EXCEPTION");
            } catch (java.sql.SQLException e) {
                System.out.println("EXC " + e.getClass() + " " + e.getMessage());
            }
            System.out.println("blocked ms " + (System.nanoTime() - t1) / 1_000_000);
            t0 = System.nanoTime();
        }
        System.out.println("closed ms " + (System.nanoTime() - t0) / 1_000_000);
    }
}
