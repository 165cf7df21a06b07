package com.trackingbms.dr.testkit.drill;

import java.util.Collection;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a drill writes while the fault hits: one write per id, acknowledged or not, and a way to read the ids back
 * from wherever production is afterwards. An implementation must only return from {@link #write} once the store has
 * acknowledged the write (a commit that returned), and must bound every write with a timeout, so that a write stuck
 * on a dead server or a dead synchronous standby fails instead of being counted.
 */
public interface WriteLoad extends AutoCloseable {

    /** A short name for reports ("jdbc insert into drill_writes"). */
    String name();

    /** Creates what the writes need (a table); called once before the first write. */
    void prepare() throws Exception;

    /**
     * Writes {@code id} and returns once it is acknowledged.
     *
     * @throws Exception when the write was not acknowledged (error, timeout, no server): it does not count
     */
    Ack write(long id) throws Exception;

    /** Which of {@code ids} are present now, read through the same endpoint as the writes. */
    Set<Long> readBack(Collection<Long> ids) throws Exception;

    /** Releases connections. */
    @Override
    void close();

    /**
     * An acknowledged write.
     *
     * @param id the id written
     * @param servedBy which server acknowledged it ("127.0.0.1:54321"), or empty when the load cannot tell
     * @param commitAfter a replication position the write's commit record ends after (read while writing), when the
     *     load can tell: a standby that received no further than this lacks the write
     * @param commitBy a replication position the write's commit record ends at or before (read right after the
     *     acknowledgement), when the load can tell: a standby that received this far has the write
     */
    record Ack(long id, String servedBy, OptionalLong commitAfter, OptionalLong commitBy) {
        /** Checks the parts. */
        public Ack {
            java.util.Objects.requireNonNull(servedBy, "servedBy");
            java.util.Objects.requireNonNull(commitAfter, "commitAfter");
            java.util.Objects.requireNonNull(commitBy, "commitBy");
        }
    }
}
