package com.trackingbms.dr.postgres;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One physical or logical replication slot of a server, from {@code pg_replication_slots}. An inactive slot means its
 * standby is not streaming: its position is not known to be current, and the WAL the slot retains grows.
 *
 * @param name the slot name (for the testkit's standbys and rejoined nodes, the standby's name)
 * @param type physical or logical
 * @param active whether a standby streams from it now
 * @param restartPosition the oldest WAL position the slot keeps, as a byte offset; empty when never used
 * @param retainedBytes how much WAL the slot keeps on this server (current position minus the restart position)
 * @param walStatus reserved, extended, unreserved or lost (lost: the standby can no longer catch up from here)
 */
public record ReplicationSlot(String name, String type, boolean active, OptionalLong restartPosition, OptionalLong retainedBytes,
                              String walStatus) {

    /** Checks the parts. */
    public ReplicationSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(restartPosition, "restartPosition");
        Objects.requireNonNull(retainedBytes, "retainedBytes");
        Objects.requireNonNull(walStatus, "walStatus");
    }
}
