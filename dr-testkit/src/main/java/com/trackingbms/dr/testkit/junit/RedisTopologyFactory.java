package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.redis.RedisBackend;
import com.trackingbms.dr.testkit.redis.RedisTopology;
import java.time.Duration;

/** Resolves {@link RedisTopology} parameters, configured by {@link RedisCluster}. */
public final class RedisTopologyFactory implements DrillResourceFactory<RedisTopology> {

    /** What a {@link RedisCluster} asks for. */
    record Key(long downAfterMillis, long failoverTimeoutMillis, String masterName, RedisBackend backend, String name) {
    }

    /** Creates the factory (for ServiceLoader). */
    public RedisTopologyFactory() {
    }

    @Override
    public Class<RedisTopology> type() {
        return RedisTopology.class;
    }

    @Override
    public Object configKey(ResourceRequest request) {
        return request.annotation(RedisCluster.class)
                .map(a -> new Key(a.downAfterMillis(), a.failoverTimeoutMillis(), a.masterName(), a.backend(), a.name()))
                .orElse(new Key(1000, 10_000, "drmaster", RedisBackend.AUTO, ""));
    }

    @Override
    public RedisTopology create(ResourceRequest request) {
        Key k = (Key) configKey(request);
        return RedisTopology.builder()
                .downAfter(Duration.ofMillis(k.downAfterMillis()))
                .failoverTimeout(Duration.ofMillis(k.failoverTimeoutMillis()))
                .masterName(k.masterName())
                .backend(k.backend())
                .start();
    }
}
