package com.trackingbms.dr.coordination.internal;

import com.trackingbms.dr.coordination.Lease;
import com.trackingbms.dr.coordination.LeaseGrant;
import com.trackingbms.dr.coordination.LeaseLostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link Lease#inProcess(String, Clock)}: one monitor guards the grant and the records, so check and write are atomic. */
public final class InProcessLease implements Lease {

    private final String name;
    private final Clock clock;
    private final Map<String, byte[]> records = new HashMap<>();
    private LeaseGrant grant;
    private long lastToken;

    /** Creates a free lease. */
    public InProcessLease(String name, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Optional<LeaseGrant> tryAcquire(String holder, Duration ttl) {
        Objects.requireNonNull(holder, "holder");
        checkTtl(ttl);
        Instant now = clock.instant();
        if (grant != null && !grant.expiredAt(now)) {
            if (!grant.holder().equals(holder)) {
                return Optional.empty();
            }
            grant = new LeaseGrant(name, holder, grant.token(), now.plus(ttl));
            return Optional.of(grant);
        }
        grant = new LeaseGrant(name, holder, ++lastToken, now.plus(ttl));
        return Optional.of(grant);
    }

    @Override
    public synchronized LeaseGrant renew(LeaseGrant held, Duration ttl) throws LeaseLostException {
        checkTtl(ttl);
        requireCurrent(held);
        grant = new LeaseGrant(name, held.holder(), held.token(), clock.instant().plus(ttl));
        return grant;
    }

    @Override
    public synchronized void release(LeaseGrant held) {
        if (grant != null && grant.token() == held.token()) {
            grant = null;
        }
    }

    @Override
    public synchronized Optional<LeaseGrant> current() {
        return grant == null || grant.expiredAt(clock.instant()) ? Optional.empty() : Optional.of(grant);
    }

    @Override
    public synchronized void write(LeaseGrant held, String key, byte[] value) throws LeaseLostException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        requireCurrent(held);
        records.put(key, value.clone());
    }

    @Override
    public synchronized Optional<byte[]> read(String key) {
        byte[] v = records.get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    private void requireCurrent(LeaseGrant held) throws LeaseLostException {
        Objects.requireNonNull(held, "grant");
        Instant now = clock.instant();
        if (grant == null || grant.token() != held.token()) {
            throw new LeaseLostException("lease '" + name + "': grant with token " + held.token() + " held by "
                    + held.holder() + " is no longer current"
                    + (grant == null ? " (the lease is free)" : " (now held by " + grant.holder() + " with token " + grant.token() + ")"));
        }
        if (grant.expiredAt(now)) {
            throw new LeaseLostException("lease '" + name + "': grant with token " + held.token() + " held by "
                    + held.holder() + " lapsed at " + grant.expiresAt() + "; renew before the TTL runs out");
        }
    }

    private static void checkTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease ttl " + ttl + " is not positive; give e.g. Duration.ofSeconds(30)");
        }
    }

    @Override
    public String toString() {
        return "InProcessLease[" + name + "]";
    }
}
