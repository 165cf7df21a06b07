package com.trackingbms.dr.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.trackingbms.dr.testkit.emulator.AzuriteEmulator;
import com.trackingbms.dr.testkit.emulator.HttpSiteStub;
import com.trackingbms.dr.testkit.emulator.S3Emulator;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import com.trackingbms.dr.testkit.redis.RedisServer;
import com.trackingbms.dr.testkit.redis.RedisTopology;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link DrillTest} injects Redis topologies, S3 and Azurite emulators and site stubs, shares each per class and
 * configuration, and closes them after the class. The drills run through the JUnit engine test kit, so what happens
 * after their class ends can be checked.
 */
class DrillExtensionResourcesTest {

    static final List<Object> SEEN = new ArrayList<>();

    @Test
    void injectsSharesAndClosesRedisS3AndSiteStubs() throws IOException {
        assumeThat(RedisTopology.localRedisServer()).as(RedisTopology.installHint()).isPresent();
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(RedisAndS3Drill.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));

        RedisTopology redis = (RedisTopology) SEEN.get(0);
        S3Emulator s3 = (S3Emulator) SEEN.get(1);
        HttpSiteStub montreal = (HttpSiteStub) SEEN.get(2);
        assertThat(redis.nodes()).noneMatch(RedisServer::isRunning);
        assertThat(LoopbackPorts.accepts(s3.port(), 500)).isFalse();
        assertThat(LoopbackPorts.accepts(montreal.port(), 500)).isFalse();
    }

    @Test
    void injectsAzurite() {
        assumeThat(AzuriteEmulator.installation()).as(AzuriteEmulator.installHint()).isPresent();
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(AzuriteDrill.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));

        AzuriteEmulator azurite = (AzuriteEmulator) SEEN.get(0);
        assertThat(LoopbackPorts.accepts(azurite.port(), 500)).isFalse();
    }

    /** Run only through the engine test kit (a nested class, so Surefire does not run it by itself). */
    @DrillTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class RedisAndS3Drill {

        @Test
        @Order(1)
        void resourcesArriveStarted(@RedisCluster(downAfterMillis = 2000) RedisTopology redis,
                                    @S3Store(buckets = {"dr-backups", "dr-wal"}) S3Emulator s3,
                                    @SiteStub(name = "montreal") HttpSiteStub montreal,
                                    @SiteStub(name = "toronto", healthPath = "/status") HttpSiteStub toronto)
                throws IOException {
            assertThat(redis.sentinelMaster()).isEqualTo(redis.master().address());
            assertThat(redis.downAfter().toMillis()).isEqualTo(2000);
            assertThat(s3.buckets()).containsExactly("dr-backups", "dr-wal");
            assertThat(montreal).isNotSameAs(toronto);
            assertThat(toronto.healthUrl().getPath()).isEqualTo("/status");
            SEEN.add(redis);
            SEEN.add(s3);
            SEEN.add(montreal);
        }

        @Test
        @Order(2)
        void andAreSharedByTheClass(@RedisCluster(downAfterMillis = 2000) RedisTopology redis,
                                    @S3Store(buckets = {"dr-backups", "dr-wal"}) S3Emulator s3,
                                    @SiteStub(name = "montreal") HttpSiteStub montreal) {
            assertThat(redis).isSameAs(SEEN.get(0));
            assertThat(s3).isSameAs(SEEN.get(1));
            assertThat(montreal).isSameAs(SEEN.get(2));
        }
    }

    /** Run only through the engine test kit. */
    @DrillTest
    static class AzuriteDrill {

        @Test
        void azuriteArrivesStarted(AzuriteEmulator azurite) {
            assertThat(azurite.createContainer("drill")).isTrue();
            SEEN.add(azurite);
        }
    }
}
