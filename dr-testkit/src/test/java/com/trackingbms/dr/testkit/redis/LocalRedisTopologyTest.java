package com.trackingbms.dr.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The contract against redis-server processes of this machine. */
class LocalRedisTopologyTest extends RedisTopologyContract {

    @Override
    String unavailableReason() {
        return RedisTopology.localRedisServer().isPresent() ? null : RedisTopology.installHint();
    }

    @Override
    RedisTopology startTopology() {
        return RedisTopology.builder().backend(RedisBackend.LOCAL).downAfter(Duration.ofSeconds(1)).start();
    }

    @Test
    @Order(5)
    void localNodesAreChildProcessesWithLogs() {
        assertThat(redis.backend()).isEqualTo(RedisBackend.LOCAL);
        assertThat(redis.nodes()).allSatisfy(n -> assertThat(n.pid()).isPresent());
        assertThat(redis.nodes()).extracting(n -> n.pid().getAsLong()).doesNotHaveDuplicates()
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).flatMap(p -> p.parent()).map(ProcessHandle::pid))
                        .hasValue(ProcessHandle.current().pid()));
        assertThat(redis.master().logTail(200)).contains("Ready to accept connections");
        assertThat(redis.sentinels().get(0).logTail(200)).contains("+monitor master");
        assertThat(redis.diagnostics(5)).contains("redis-a", "redis-b", "sentinel-1", "sentinel-2", "sentinel-3");
    }
}
