package com.trackingbms.dr.testkit.redis;

import com.trackingbms.dr.testkit.Diagnosable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Redis master, one replica and three Sentinels (quorum 2), started from the local {@code redis-server} or,
 * where Docker exists, from containers. Every server listens on 127.0.0.1 on a free port (never 6379/26379). Close
 * it to stop every server and delete every file (or container).
 *
 * <pre>{@code
 * try (RedisTopology redis = RedisTopology.builder().downAfter(Duration.ofSeconds(1)).start()) {
 *     RedisAddress before = redis.sentinelMaster();
 *     redis.master().kill9();
 *     RedisAddress after = redis.awaitFailover(before, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Sentinel leaves a killed master's configuration as it was: {@link RedisServer#start()} brings it back as a
 * writable master for about ten seconds (the split-brain window a fence must close), while
 * {@link #restartAsReplica(RedisServer)} brings it back as a replica of the current master from its first instant.
 */
public interface RedisTopology extends AutoCloseable, Diagnosable {

    /**
     * Starts describing a topology.
     *
     * @return a builder with the defaults
     */
    static RedisTopologyBuilder builder() {
        return new RedisTopologyBuilder();
    }

    /**
     * Where the local {@code redis-server} is, if it is found (see {@link RedisTopologyBuilder#redisServer(Path)}).
     *
     * @return where the local {@code redis-server} is, if it is found (see {@link RedisTopologyBuilder#redisServer(Path)})
     */
    static Optional<Path> localRedisServer() {
        return LocalRedisTopology.findRedisServer();
    }

    /**
     * How to install Redis, for a skipped test or a failed start.
     *
     * @return how to install Redis, for a skipped test or a failed start
     */
    static String installHint() {
        return LocalRedisTopology.INSTALL_HINT;
    }

    /**
     * The name Sentinels monitor the master under.
     *
     * @return the name Sentinels monitor the master under
     */
    String masterName();

    /**
     * The data node created as the master (it stays this object after a failover; ask {@link #currentMaster()}).
     *
     * @return the data node created as the master
     */
    RedisServer master();

    /**
     * The data node created as the replica.
     *
     * @return the data node created as the replica
     */
    RedisServer replica();

    /**
     * Both data nodes, the one created as master first.
     *
     * @return both data nodes, the one created as master first
     */
    default List<RedisServer> dataNodes() {
        return List.of(master(), replica());
    }

    /**
     * The three Sentinels.
     *
     * @return the three Sentinels
     */
    List<RedisServer> sentinels();

    /**
     * The Sentinels' addresses, for Sentinel-aware clients (with {@link #masterName()}).
     *
     * @return the Sentinels' addresses, for Sentinel-aware clients (with {@link #masterName()})
     */
    default List<RedisAddress> sentinelAddresses() {
        return sentinels().stream().map(RedisServer::address).toList();
    }

    /**
     * Every node: data nodes first, then Sentinels.
     *
     * @return every node: data nodes first, then Sentinels
     */
    default List<RedisServer> nodes() {
        List<RedisServer> all = new ArrayList<>(dataNodes());
        all.addAll(sentinels());
        return List.copyOf(all);
    }

    /**
     * The node of that name.
     *
     * @param name the node name
     * @return the node of that name
     * @throws IllegalArgumentException naming the known nodes, when there is none of that name
     */
    default RedisServer node(String name) {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("topology has no node '" + name + "'; its nodes are "
                        + nodes().stream().map(RedisServer::name).toList()));
    }

    /**
     * Which backend runs the servers.
     *
     * @return which backend runs the servers
     */
    RedisBackend backend();

    /**
     * The Sentinels' {@code down-after-milliseconds}.
     *
     * @return the Sentinels' {@code down-after-milliseconds}
     */
    Duration downAfter();

    /**
     * The master address reported by the Sentinels that answer (the majority view when they disagree).
     *
     * @return the master address reported by the Sentinels that answer (the majority view when they disagree)
     * @throws IOException when no Sentinel answers
     */
    RedisAddress sentinelMaster() throws IOException;

    /**
     * The data node at the address the Sentinels report, if they answer and it is one of ours.
     *
     * @return the data node at the address the Sentinels report, if they answer and it is one of ours
     */
    Optional<RedisServer> currentMaster();

    /**
     * Waits until a majority of the Sentinels report a master other than {@code previous} and that node answers as a
     * master; returns its address.
     *
     * @param previous the master before the fault
     * @param timeout how long to wait at most
     * @return the new master as the test reaches it
     * @throws RedisTopologyException with every server's log tail when {@code timeout} passes first
     */
    RedisAddress awaitFailover(RedisAddress previous, Duration timeout);

    /**
     * Asks a Sentinel for a manual failover ({@code SENTINEL FAILOVER}); does not wait for it.
     *
     * @throws IOException when the server cannot be signalled, started or reached
     */
    void requestFailover() throws IOException;

    /**
     * Starts a stopped or killed data node as a replica of the master the Sentinels currently report.
     *
     * @param node a stopped or killed data node of this topology
     * @throws IOException when no Sentinel answers or the node does not start
     */
    default void restartAsReplica(RedisServer node) throws IOException {
        node.startAsReplicaOf(sentinelMaster());
    }

    /**
     * Waits until the topology is whole: every running Sentinel reports the same master and knows the other running
     * Sentinels and the replicas, and every other running data node replicates from that master with its link up.
     *
     * @param timeout how long to wait at most
     * @throws RedisTopologyException with every server's log tail when {@code timeout} passes first
     */
    void awaitReady(Duration timeout);

    /** Stops every server and deletes every file (or container). */
    @Override
    void close();
}
