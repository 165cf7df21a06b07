package com.trackingbms.dr.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failovers other than the kill -9 of the contract, each on its own topology: Sentinel refuses a second failover of
 * the same master within twice the failover timeout, so they cannot share one.
 */
class RedisFailoverScenariosTest {

    @Test
    void aRequestedFailoverPromotesTheReplica() throws IOException {
        assumeThat(RedisTopology.localRedisServer()).as(RedisTopology.installHint()).isPresent();
        try (RedisTopology redis = RedisTopology.builder().backend(RedisBackend.LOCAL).start()) {
            assertThat(redis.sentinelAddresses()).hasSize(3)
                    .containsExactlyElementsOf(redis.sentinels().stream().map(RedisServer::address).toList());
            RedisAddress before = redis.sentinelMaster();

            redis.requestFailover();

            RedisAddress after = redis.awaitFailover(before, Duration.ofSeconds(60));
            assertThat(after).isEqualTo(redis.replica().address());
            assertThat(((List<?>) redis.replica().call("ROLE")).get(0)).isEqualTo("master");
            assertThat(redis.replica().call("SET", "promoted", "yes")).isEqualTo("OK");
        }
    }

    @Test
    void aHungMasterIsFailedOverAndStaysSuspendedUntilResumed() throws IOException {
        assumeThat(RedisTopology.localRedisServer()).as(RedisTopology.installHint()).isPresent();
        try (RedisTopology redis = RedisTopology.builder().backend(RedisBackend.LOCAL).start()) {
            RedisAddress before = redis.sentinelMaster();

            redis.master().pause();
            try {
                RedisAddress after = redis.awaitFailover(before, Duration.ofSeconds(60));
                assertThat(after).isEqualTo(redis.replica().address());
                // The hung process is still there: a fence must deal with a master that may wake up.
                assertThat(redis.master().isRunning()).isTrue();
                assertThat(redis.currentMaster()).containsSame(redis.replica());
            } finally {
                redis.master().resume();
            }
        }
    }
}
