package com.trackingbms.dr.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings are refused with a message naming the field and the fix; no server is started. */
class RedisTopologyBuilderTest {

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> RedisTopology.builder().downAfter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("downAfter");
        assertThatThrownBy(() -> RedisTopology.builder().failoverTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failoverTimeout");
        assertThatThrownBy(() -> RedisTopology.builder().masterName("my master"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masterName");
        assertThatThrownBy(() -> RedisTopology.builder().redisServer(Path.of("/nonexistent/redis-server")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apt-get install -y redis-server");
        assertThatThrownBy(() -> RedisTopology.builder().image(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image");
    }

    @Test
    void addressesAreValidated() {
        assertThat(new RedisAddress("127.0.0.1", 7000)).hasToString("127.0.0.1:7000");
        assertThatThrownBy(() -> new RedisAddress("127.0.0.1", 0)).hasMessageContaining("1-65535");
    }
}
