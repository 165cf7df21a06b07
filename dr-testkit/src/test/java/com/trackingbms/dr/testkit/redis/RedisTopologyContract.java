package com.trackingbms.dr.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every {@link RedisTopology} backend must do, against real servers. One topology per class; the failover runs
 * last because it moves the master.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RedisTopologyContract {

    /** Generous bounds: the machine is shared; these are limits, not expectations. */
    static final Duration READY = Duration.ofSeconds(60);

    /** The class's shared topology (null when the backend is unavailable). */
    RedisTopology redis;

    /** Null with the reason logged when the backend cannot run here. */
    abstract String unavailableReason();

    abstract RedisTopology startTopology();

    @BeforeAll
    void start() {
        if (unavailableReason() == null) {
            redis = startTopology();
        }
    }

    @AfterAll
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void requireBackendAndWholeTopology() {
        assumeThat(unavailableReason()).as(String.valueOf(unavailableReason())).isNull();
        redis.awaitReady(READY);
    }

    private RedisServer currentMaster() {
        return redis.currentMaster().orElseThrow(() -> new AssertionError("no master\n" + redis.diagnostics(20)));
    }

    private RedisServer currentReplica() {
        RedisServer master = currentMaster();
        return redis.dataNodes().stream().filter(n -> n != master).findFirst().orElseThrow();
    }

    private static String role(RedisServer node) throws IOException {
        return String.valueOf(((List<?>) node.call("ROLE")).get(0));
    }

    @Test
    @Order(1)
    void comesUpAsMasterReplicaAndThreeSentinelsOnLoopbackPorts() throws IOException {
        assertThat(redis.sentinelMaster()).isEqualTo(redis.master().address());
        assertThat(role(redis.master())).isEqualTo("master");
        assertThat(role(redis.replica())).isEqualTo("slave");
        assertThat(redis.sentinels()).hasSize(3);
        for (RedisServer sentinel : redis.sentinels()) {
            List<?> info = (List<?>) sentinel.call("SENTINEL", "MASTER", redis.masterName());
            int i = info.indexOf("num-other-sentinels");
            assertThat(info.get(i + 1)).as(sentinel.name()).isEqualTo("2");
        }
        assertThat(redis.nodes()).extracting(RedisServer::host).containsOnly("127.0.0.1");
        assertThat(redis.nodes()).extracting(RedisServer::port).doesNotHaveDuplicates().doesNotContain(6379, 26379);
        assertThat(redis.downAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @Order(2)
    void aWriteOnTheMasterReachesTheReplica() throws IOException {
        RedisServer master = currentMaster();
        RedisServer replica = currentReplica();
        assertThat(master.call("SET", "battery:42:soc", "87")).isEqualTo("OK");
        // WAIT returns once the replica acknowledged the write: no polling, no sleep.
        assertThat(master.call("WAIT", "1", "10000")).isEqualTo(1L);
        assertThat(replica.call("GET", "battery:42:soc")).isEqualTo("87");
        assertThatThrownBy(() -> replica.call("SET", "k", "v"))
                .isInstanceOf(RedisCommandException.class).hasMessageStartingWith("READONLY");
    }

    @Test
    @Order(3)
    void aPausedNodeHangsAndAnswersAgainAfterResume() throws IOException {
        RedisServer replica = currentReplica();
        replica.pause();
        try {
            assertThat(replica.isRunning()).isTrue();
            assertThatThrownBy(() -> replica.call("PING")).isInstanceOf(java.net.SocketTimeoutException.class);
        } finally {
            replica.resume();
        }
        assertThat(replica.call("PING")).isEqualTo("PONG");
    }

    @Test
    @Order(4)
    void aSentinelStopsAndStartsAgain() throws IOException {
        RedisServer sentinel = redis.node("sentinel-3");
        sentinel.stop();
        assertThat(sentinel.isRunning()).isFalse();
        assertThatThrownBy(() -> sentinel.call("PING")).isInstanceOf(IOException.class);
        assertThat(redis.sentinelMaster()).isEqualTo(currentMaster().address());
        sentinel.start();
        assertThat(sentinel.call("PING")).isEqualTo("PONG");
        redis.awaitReady(READY);
    }

    @Test
    @Order(10)
    void sentinelsFailOverAfterTheMasterIsKilledAndTheOldMasterReturnsAsReplica() throws IOException {
        RedisServer oldMaster = currentMaster();
        RedisServer replica = currentReplica();
        RedisAddress before = redis.sentinelMaster();

        oldMaster.kill9();
        assertThat(oldMaster.isRunning()).isFalse();
        RedisAddress after = redis.awaitFailover(before, READY);

        assertThat(after).isEqualTo(replica.address());
        assertThat(redis.currentMaster()).containsSame(replica);
        assertThat(role(replica)).isEqualTo("master");
        assertThat(replica.call("SET", "after-failover", "yes")).isEqualTo("OK");

        redis.restartAsReplica(oldMaster);
        // A replica from its first instant: it never accepts a write as a second master.
        assertThat(role(oldMaster)).isEqualTo("slave");
        assertThatThrownBy(() -> oldMaster.call("SET", "split-brain", "1"))
                .isInstanceOf(RedisCommandException.class).hasMessageStartingWith("READONLY");
        redis.awaitReady(READY);
        assertThat(replica.call("WAIT", "1", "10000")).isEqualTo(1L);
        assertThat(oldMaster.call("GET", "after-failover")).isEqualTo("yes");
    }
}
