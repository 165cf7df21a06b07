package com.trackingbms.dr.examples.bench;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long a real PostgreSQL primary plus one synchronous standby takes to be ready (the standby streaming as
 * {@code sync}) and to be torn down (servers ended, files deleted). Runs 5 rounds in one JVM, like a test run that
 * starts one topology per test class; the first round also pays for the one initdb of the template.
 */
public final class TopologyStartupBench {

    private TopologyStartupBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optionally the number of rounds (default 5)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Long> ready = new ArrayList<>();
        List<Long> teardown = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            long t0 = System.nanoTime();
            PostgresTopology pg = PostgresTopology.builder().standby("standby1", ReplicationMode.SYNCHRONOUS).start();
            long t1 = System.nanoTime();
            pg.close();
            long t2 = System.nanoTime();
            ready.add((t1 - t0) / 1_000_000);
            teardown.add((t2 - t1) / 1_000_000);
            System.out.printf("round %d: ready %d ms, teardown %d ms%s%n", i, ready.get(i - 1), teardown.get(i - 1),
                    i == 1 ? " (includes initdb of the template)" : "");
        }
        System.out.printf("BENCH name=topology-startup ready_median_ms=%d teardown_median_ms=%d%n",
                median(ready), median(teardown));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
