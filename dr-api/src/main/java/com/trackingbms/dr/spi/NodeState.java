package com.trackingbms.dr.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a database node reports about itself. Positions are byte offsets in the replication stream (a PostgreSQL
 * LSN as a number), so two nodes of one cluster can be compared and subtracted.
 *
 * @param role primary, standby or unknown
 * @param writePosition on a primary, the current write position
 * @param receivedPosition on a standby, the last position received and flushed; empty when unknown, which is
 *     never the same as "no lag"
 * @param replayedPosition on a standby, the last position applied
 * @param lastReplayedCommit on a standby, the commit time of the last transaction applied
 * @param fenced whether the node has been fenced and refuses writes
 */
public record NodeState(NodeRole role, OptionalLong writePosition, OptionalLong receivedPosition,
                        OptionalLong replayedPosition, Optional<Instant> lastReplayedCommit, boolean fenced) {

    /** Checks the fields. */
    public NodeState {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(writePosition, "writePosition");
        Objects.requireNonNull(receivedPosition, "receivedPosition");
        Objects.requireNonNull(replayedPosition, "replayedPosition");
        Objects.requireNonNull(lastReplayedCommit, "lastReplayedCommit");
    }

    /** A writable primary at the given position. */
    public static NodeState primary(long writePosition) {
        return new NodeState(NodeRole.PRIMARY, OptionalLong.of(writePosition), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), false);
    }

    /** A standby that has received and replayed up to the given positions. */
    public static NodeState standby(long receivedPosition, long replayedPosition, Instant lastReplayedCommit) {
        return new NodeState(NodeRole.STANDBY, OptionalLong.empty(), OptionalLong.of(receivedPosition),
                OptionalLong.of(replayedPosition), Optional.ofNullable(lastReplayedCommit), false);
    }

    /** The most recent position this node is known to hold (written on a primary, received on a standby). */
    public OptionalLong position() {
        return role == NodeRole.PRIMARY ? writePosition : receivedPosition;
    }
}
