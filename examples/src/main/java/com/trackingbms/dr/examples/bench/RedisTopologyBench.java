package com.trackingbms.dr.examples.bench;

import com.trackingbms.dr.testkit.redis.RedisAddress;
import com.trackingbms.dr.testkit.redis.RedisBackend;
import com.trackingbms.dr.testkit.redis.RedisTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a local Redis master + replica + three Sentinels take to be ready, how long Sentinel takes to fail over
 * after a kill -9 of the master (down-after 1 s), and how long teardown takes; median of N runs (default 5).
 *
 * <p>Run with {@code examples/bench/run redis-topology [runs]}.
 */
public final class RedisTopologyBench {

    private RedisTopologyBench() {
    }

    /**
     * Runs the benchmark and prints the BENCH line.
     *
     * @param args optionally the number of runs (default 5)
     * @throws Exception when a topology does not start or fail over
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        List<Long> ready = new ArrayList<>();
        List<Long> failover = new ArrayList<>();
        List<Long> teardown = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            RedisTopology redis = RedisTopology.builder().backend(RedisBackend.LOCAL)
                    .downAfter(Duration.ofSeconds(1)).start();
            long t1 = System.nanoTime();
            RedisAddress before = redis.sentinelMaster();
            redis.master().kill9();
            long t2 = System.nanoTime();
            RedisAddress after = redis.awaitFailover(before, Duration.ofSeconds(60));
            long t3 = System.nanoTime();
            redis.close();
            long t4 = System.nanoTime();
            ready.add(ms(t1 - t0));
            failover.add(ms(t3 - t2));
            teardown.add(ms(t4 - t3));
            System.out.printf("run %d: ready %d ms, failover %s -> %s %d ms, teardown %d ms%n", i, ms(t1 - t0),
                    before, after, ms(t3 - t2), ms(t4 - t3));
        }
        System.out.printf("BENCH name=redis-topology ready_median_ms=%d failover_median_ms=%d teardown_median_ms=%d%n",
                median(ready), median(failover), median(teardown));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
