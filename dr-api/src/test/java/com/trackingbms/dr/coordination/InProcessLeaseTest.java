package com.trackingbms.dr.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InProcessLeaseTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final Lease lease = Lease.inProcess("plan", clock);
    private static final Duration TTL = Duration.ofSeconds(30);

    private void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Test
    void onlyOneHolderAtATimeAndTheSameHolderRenewsWithTheSameToken() throws Exception {
        LeaseGrant a = lease.tryAcquire("a", TTL).orElseThrow();
        assertThat(lease.tryAcquire("b", TTL)).isEmpty();
        LeaseGrant again = lease.tryAcquire("a", TTL).orElseThrow();
        assertThat(again.token()).isEqualTo(a.token());
        assertThat(lease.current()).hasValueSatisfying(g -> assertThat(g.holder()).isEqualTo("a"));
    }

    @Test
    void aLapsedLeaseGoesToTheNextHolderWithAHigherTokenAndTheOldGrantCanNoLongerWrite() throws Exception {
        LeaseGrant a = lease.tryAcquire("a", TTL).orElseThrow();
        lease.write(a, "k", "from a".getBytes(StandardCharsets.UTF_8));
        advance(TTL);
        LeaseGrant b = lease.tryAcquire("b", TTL).orElseThrow();
        assertThat(b.token()).isGreaterThan(a.token());
        assertThatThrownBy(() -> lease.write(a, "k", "stale".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("now held by b");
        assertThatThrownBy(() -> lease.renew(a, TTL)).isInstanceOf(LeaseLostException.class);
        assertThat(new String(lease.read("k").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("from a");
    }

    @Test
    void renewExtendsAndALapsedGrantCannotWriteEvenWithoutAnotherHolder() throws Exception {
        LeaseGrant a = lease.tryAcquire("a", TTL).orElseThrow();
        advance(Duration.ofSeconds(20));
        a = lease.renew(a, TTL);
        advance(Duration.ofSeconds(20));
        lease.write(a, "k", new byte[] {1});
        advance(Duration.ofSeconds(10));
        LeaseGrant lapsed = a;
        assertThatThrownBy(() -> lease.write(lapsed, "k", new byte[] {2})).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("lapsed");
    }

    @Test
    void releaseFreesTheLeaseAndIgnoresAStaleGrant() throws Exception {
        LeaseGrant a = lease.tryAcquire("a", TTL).orElseThrow();
        lease.release(a);
        LeaseGrant b = lease.tryAcquire("b", TTL).orElseThrow();
        lease.release(a);
        assertThat(lease.current()).contains(b);
    }

    @Test
    void refusesANonPositiveTtl() {
        assertThatThrownBy(() -> lease.tryAcquire("a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }
}
