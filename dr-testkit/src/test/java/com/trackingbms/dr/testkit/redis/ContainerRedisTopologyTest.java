package com.trackingbms.dr.testkit.redis;

import java.time.Duration;

/** The contract against Redis containers; skipped where no Docker engine answers (as on the project's machines). */
class ContainerRedisTopologyTest extends RedisTopologyContract {

    private static final boolean DOCKER = ContainerRedisTopology.dockerAvailable();

    @Override
    String unavailableReason() {
        return DOCKER ? null : "Docker is not available (Testcontainers found no engine): the Testcontainers backend"
                + " of RedisTopology cannot run here; LocalRedisTopologyTest runs the same contract on local processes";
    }

    @Override
    RedisTopology startTopology() {
        return RedisTopology.builder().backend(RedisBackend.TESTCONTAINERS).downAfter(Duration.ofSeconds(1)).start();
    }
}
