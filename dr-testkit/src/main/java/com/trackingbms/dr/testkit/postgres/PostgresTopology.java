package com.trackingbms.dr.testkit.postgres;

import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.testkit.Diagnosable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL primary with streaming standbys (physical replication slots, data checksums, wal_log_hints so
 * pg_rewind works), started from local binaries or, where Docker exists, from containers. Close it to stop every
 * server and delete every file.
 *
 * <pre>{@code
 * try (PostgresTopology pg = PostgresTopology.builder().standby("toronto", SYNCHRONOUS).start()) {
 *     pg.primary().sql().execute("create table t(id int)");
 *     pg.node("toronto").kill9();
 * }
 * }</pre>
 *
 * <p>As in production, {@code synchronous_standby_names} lives in the primary's postgresql.conf, so standbys made by
 * pg_basebackup inherit it: a promoted standby blocks writes until the failover logic clears it.
 */
public interface PostgresTopology extends AutoCloseable, Diagnosable {

    /** Starts describing a topology. */
    static PostgresTopologyBuilder builder() {
        return new PostgresTopologyBuilder();
    }

    /** The node created as the primary (it stays this object even if a test promotes another node). */
    PostgresServer primary();

    /** The nodes created as standbys, in the order they were declared. */
    List<PostgresServer> standbys();

    /** Every node, primary first. */
    default List<PostgresServer> nodes() {
        List<PostgresServer> all = new ArrayList<>();
        all.add(primary());
        all.addAll(standbys());
        return List.copyOf(all);
    }

    /** The node of that name. @throws IllegalArgumentException naming the known nodes */
    default PostgresServer node(String name) {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("topology has no node '" + name + "'; its nodes are "
                        + nodes().stream().map(PostgresServer::name).toList()));
    }

    /** The superuser name, the same on every node. */
    String user();

    /** The superuser password, the same on every node. */
    Secret password();

    /** Which backend runs the servers. */
    PostgresBackend backend();

    /**
     * Waits until every running standby created by this topology streams from the primary (and, for synchronous
     * ones, is reported as {@code sync}), e.g. after restarting a standby.
     */
    void awaitStreaming(Duration timeout);

    /** Stops every server and deletes every file (or container). */
    @Override
    void close();

    /** A standby declaration. @param name the node name @param mode synchronous or asynchronous */
    record StandbySpec(String name, ReplicationMode mode) {
    }
}
