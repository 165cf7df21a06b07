package com.trackingbms.dr.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.coordination.FailoverJournal;
import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.coordination.LeaseGrant;
import com.trackingbms.dr.coordination.LeaseLostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Lease} must do, whatever keeps it (in process, an S3 object with conditional writes, an Azure
 * blob lease): one holder at a time, a fencing token that grows with every new grant, renewal by the holder only, and
 * records that only the current holder can write. A provider's test extends this class and supplies a fresh lease
 * and a way to make a grant lapse.
 */
public abstract class LeaseContract {

    /** A lease nobody holds, with no records; a new one for every test. */
    protected abstract Lease newLease() throws Exception;

    /** The TTL the tests ask for; at least what the provider accepts (Azure blob leases: 15 to 60 s). */
    protected Duration ttl() {
        return Duration.ofSeconds(30);
    }

    /** Makes {@code grant} lapse: advance a simulated clock past its expiry, or wait until the store expires it. */
    protected abstract void lapse(Lease lease, LeaseGrant grant) throws Exception;

    @Test
    void oneHolderAtATime() throws Exception {
        Lease lease = newLease();
        LeaseGrant a = lease.tryAcquire("a", ttl()).orElseThrow();
        assertThat(a.holder()).isEqualTo("a");
        assertThat(a.lease()).isEqualTo(lease.name());
        assertThat(lease.tryAcquire("b", ttl())).isEmpty();
        assertThat(lease.current()).hasValueSatisfying(g -> assertThat(g.holder()).isEqualTo("a"));
    }

    @Test
    void theHolderReacquiresWithTheSameToken() throws Exception {
        Lease lease = newLease();
        LeaseGrant a = lease.tryAcquire("a", ttl()).orElseThrow();
        LeaseGrant again = lease.tryAcquire("a", ttl()).orElseThrow();
        assertThat(again.token()).isEqualTo(a.token());
        LeaseGrant renewed = lease.renew(again, ttl());
        assertThat(renewed.token()).isEqualTo(a.token());
        assertThat(renewed.expiresAt()).isAfterOrEqualTo(a.expiresAt());
    }

    @Test
    void aLapsedGrantPassesToTheNextHolderWithAHigherToken() throws Exception {
        Lease lease = newLease();
        LeaseGrant a = lease.tryAcquire("a", ttl()).orElseThrow();
        lapse(lease, a);
        LeaseGrant b = lease.tryAcquire("b", ttl()).orElseThrow();
        assertThat(b.token()).isGreaterThan(a.token());
        assertThatThrownBy(() -> lease.renew(a, ttl())).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void onlyTheCurrentHolderWritesRecordsAndAnyoneReadsThem() throws Exception {
        Lease lease = newLease();
        assertThat(lease.read("journal")).isEmpty();
        LeaseGrant a = lease.tryAcquire("a", ttl()).orElseThrow();
        lease.write(a, "journal", "one".getBytes(StandardCharsets.UTF_8));
        lease.write(a, "journal", "two".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(lease.read("journal").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("two");
        lapse(lease, a);
        LeaseGrant b = lease.tryAcquire("b", ttl()).orElseThrow();
        assertThatThrownBy(() -> lease.write(a, "journal", "stale".getBytes(StandardCharsets.UTF_8)))
                .as("a paused old holder must not overwrite the new holder's journal").isInstanceOf(LeaseLostException.class);
        lease.write(b, "journal", "three".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(lease.read("journal").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("three");
    }

    @Test
    void releaseFreesTheLeaseAndAStaleReleaseChangesNothing() throws Exception {
        Lease lease = newLease();
        LeaseGrant a = lease.tryAcquire("a", ttl()).orElseThrow();
        lease.release(a);
        assertThat(lease.current()).isEmpty();
        LeaseGrant b = lease.tryAcquire("b", ttl()).orElseThrow();
        lease.release(a);
        assertThat(lease.current()).hasValueSatisfying(g -> assertThat(g.token()).isEqualTo(b.token()));
    }

    @Test
    void keepsAFailoverJournal() throws Exception {
        Lease lease = newLease();
        LeaseGrant a = lease.tryAcquire("a", ttl()).orElseThrow();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        FailoverJournal journal = new FailoverJournal("run-1", "plan", "failover", "a", a.token(), "montreal", "toronto",
                "montreal", List.of(), FailoverJournal.State.IN_PROGRESS, false, t, t, t,
                List.of(new FailoverJournal.Entry("promote-database", "toronto", FailoverJournal.Status.DONE, t, "ok")));
        journal.write(lease, a);
        assertThat(FailoverJournal.read(lease, "plan")).contains(journal);
    }
}
