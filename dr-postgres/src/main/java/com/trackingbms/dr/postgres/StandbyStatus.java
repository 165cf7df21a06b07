package com.trackingbms.dr.postgres;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One standby as its primary sees it in {@code pg_stat_replication}.
 *
 * @param applicationName the standby's application_name (its name in synchronous_standby_names)
 * @param state streaming, catchup, startup...
 * @param syncState sync, potential, quorum or async
 * @param sentLagBytes WAL written on the primary but not yet sent
 * @param flushLagBytes WAL not yet flushed on the standby (what a failover to it would lose)
 * @param replayLagBytes WAL not yet replayed on the standby
 * @param replayLag time lag of replay as PostgreSQL measures it; empty when idle
 */
public record StandbyStatus(String applicationName, String state, String syncState, OptionalLong sentLagBytes,
                            OptionalLong flushLagBytes, OptionalLong replayLagBytes, Optional<Duration> replayLag) {
}
