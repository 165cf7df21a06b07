package com.trackingbms.dr.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A manual failover ({@code SENTINEL FAILOVER}) through the topology. Its own topology: Sentinel refuses a second
 * failover of the same master within twice the failover timeout, so it cannot share the kill -9 drill's.
 */
class RedisManualFailoverTest {

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
}
