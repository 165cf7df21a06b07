package com.trackingbms.dr.coordination;

import com.trackingbms.dr.coordination.internal.InProcessLease;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A named lease with a time to live and a fencing token: only its holder may fail a plan over, so that several
 * application instances can embed the controller without two of them acting at once.
 *
 * <p>The lease also keeps small records (the failover journal) that only the current holder can write: a write
 * with a stale grant is refused with {@link LeaseLostException}. Cloud implementations keep both in one object
 * (an S3 object written with conditional requests, an Azure blob with a blob lease), so that the check and the
 * write are one atomic step. Implementations must be safe for concurrent use.
 */
public interface Lease {

    /** An in-process lease for controllers sharing one JVM (tests, drills, a single instance); reads {@code clock}. */
    static Lease inProcess(String name, Clock clock) {
        return new InProcessLease(name, clock);
    }

    /** The lease's name (usually the plan's name). */
    String name();

    /**
     * Takes the lease for {@code holder} if it is free or lapsed, or renews it if {@code holder} already holds it.
     *
     * @return the grant, or empty when another holder has it
     */
    Optional<LeaseGrant> tryAcquire(String holder, Duration ttl) throws Exception;

    /**
     * Extends a grant by {@code ttl} from now, keeping its token.
     *
     * @throws LeaseLostException when the grant lapsed or the lease has another holder
     */
    LeaseGrant renew(LeaseGrant grant, Duration ttl) throws Exception;

    /** Gives the lease up if {@code grant} is still current; does nothing otherwise. */
    void release(LeaseGrant grant) throws Exception;

    /** The current grant, if the lease is held and has not lapsed. */
    Optional<LeaseGrant> current() throws Exception;

    /**
     * Writes a record under {@code key}, only if {@code grant} is current.
     *
     * @throws LeaseLostException when the grant lapsed or the lease has another holder
     */
    void write(LeaseGrant grant, String key, byte[] value) throws Exception;

    /** Reads a record; anyone may read. */
    Optional<byte[]> read(String key) throws Exception;
}
