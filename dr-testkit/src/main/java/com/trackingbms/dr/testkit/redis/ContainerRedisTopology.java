package com.trackingbms.dr.testkit.redis;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.trackingbms.dr.testkit.internal.LoopbackPorts;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Master, replica and three Sentinels in containers on one Docker network. Servers see each other by network alias
 * (announced as host names); tests reach each one on a fixed 127.0.0.1 host port.
 */
final class ContainerRedisTopology extends BaseRedisTopology<ContainerRedisServer> {

    static final int DATA_PORT = 6379;
    static final int SENTINEL_PORT = 26379;

    private final Network network;

    private ContainerRedisTopology(RedisTopologyBuilder.Settings settings, Network network, ContainerRedisServer master,
                                   ContainerRedisServer replica, List<ContainerRedisServer> sentinels) {
        super(settings, master, replica, sentinels);
        this.network = network;
    }

    /** Whether a Docker engine answers (Testcontainers' own check). */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerRedisTopology start(RedisTopologyBuilder.Settings settings, String image) {
        if (!dockerAvailable()) {
            throw new RedisTopologyException("the Testcontainers backend needs a Docker engine and none answers;"
                    + " use RedisBackend.LOCAL with redis-server installed");
        }
        Network network = Network.newNetwork();
        List<ContainerRedisServer> all = new ArrayList<>();
        ContainerRedisTopology[] self = {null};
        try {
            ContainerRedisServer master = dataNode("redis-a", null, image, network, settings, self);
            all.add(master);
            ContainerRedisServer replica = dataNode("redis-b", "redis-a", image, network, settings, self);
            all.add(replica);
            List<ContainerRedisServer> sentinels = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                ContainerRedisServer s = sentinel("sentinel-" + i, image, network, settings, self);
                all.add(s);
                sentinels.add(s);
            }
            ContainerRedisTopology topology = new ContainerRedisTopology(settings, network, master, replica, sentinels);
            self[0] = topology;
            for (ContainerRedisServer node : all) {
                node.container().start();
                node.awaitReady(settings.readyTimeout());
            }
            topology.awaitReady(settings.readyTimeout());
            return topology;
        } catch (RuntimeException e) {
            all.forEach(n -> n.container().stop());
            network.close();
            throw e instanceof RedisTopologyException r ? r
                    : new RedisTopologyException("Redis containers did not start: " + e.getMessage(), e);
        }
    }

    private static GenericContainer<?> container(String image, Network network, String alias, int internalPort,
                                                 int hostPort, String configPath, String config, String... command) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image));
        return container.withNetwork(network)
                .withNetworkAliases(alias)
                .withExposedPorts(internalPort)
                .withCopyToContainer(Transferable.of(config, 0666), configPath)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort(LoopbackPorts.HOST, hostPort),
                                ExposedPort.tcp(internalPort))))
                .withCommand(command);
    }

    private static ContainerRedisServer dataNode(String name, String masterAlias, String image, Network network,
                                               RedisTopologyBuilder.Settings settings, ContainerRedisTopology[] self) {
        int hostPort = LoopbackPorts.free();
        StringBuilder config = new StringBuilder()
                .append("port ").append(DATA_PORT).append('\n')
                .append("protected-mode no\n")
                .append("save \"\"\nappendonly no\n")
                .append("repl-diskless-sync yes\nrepl-diskless-sync-delay 0\n")
                .append("replica-announce-ip ").append(name).append('\n');
        if (masterAlias != null) {
            config.append("replicaof ").append(masterAlias).append(' ').append(DATA_PORT).append('\n');
        }
        String text = config.toString();
        GenericContainer<?> container = container(image, network, name, DATA_PORT, hostPort,
                ContainerRedisServer.CONFIG_PATH, text, "redis-server", ContainerRedisServer.CONFIG_PATH);
        return new ContainerRedisServer(name, RedisServer.Kind.DATA, container, name, DATA_PORT,
                new RedisAddress(LoopbackPorts.HOST, hostPort), text, address -> self[0].aliasOf(address),
                settings.readyTimeout());
    }

    private static ContainerRedisServer sentinel(String name, String image, Network network,
                                               RedisTopologyBuilder.Settings settings, ContainerRedisTopology[] self) {
        int hostPort = LoopbackPorts.free();
        String m = settings.masterName();
        String text = "port " + SENTINEL_PORT + "\n"
                + "protected-mode no\n"
                + "sentinel resolve-hostnames yes\n"
                + "sentinel announce-hostnames yes\n"
                + "sentinel announce-ip " + name + "\n"
                + "sentinel monitor " + m + " redis-a " + DATA_PORT + " 2\n"
                + "sentinel down-after-milliseconds " + m + " " + settings.downAfter().toMillis() + "\n"
                + "sentinel failover-timeout " + m + " " + settings.failoverTimeout().toMillis() + "\n"
                + "sentinel parallel-syncs " + m + " 1\n";
        String path = "/data/sentinel.conf";
        GenericContainer<?> container = container(image, network, name, SENTINEL_PORT, hostPort, path, text,
                "redis-server", path, "--sentinel");
        return new ContainerRedisServer(name, RedisServer.Kind.SENTINEL, container, name, SENTINEL_PORT,
                new RedisAddress(LoopbackPorts.HOST, hostPort), text, address -> self[0].aliasOf(address),
                settings.readyTimeout());
    }

    private String aliasOf(RedisAddress external) {
        for (RedisServer n : nodes()) {
            if (n.address().equals(external)) {
                return ((ContainerRedisServer) n).alias();
            }
        }
        throw new IllegalArgumentException(external + " is not a node of this topology; its nodes are " + nodes());
    }

    @Override
    RedisAddress external(String host, int port) {
        for (RedisServer n : nodes()) {
            ContainerRedisServer c = (ContainerRedisServer) n;
            if (c.alias().equals(host) && c.internalPort() == port) {
                return c.address();
            }
        }
        // An address that is not one of ours (an IP Sentinel learned before announcing names) is passed through.
        return new RedisAddress(host, port);
    }

    @Override
    public RedisBackend backend() {
        return RedisBackend.TESTCONTAINERS;
    }

    @Override
    public void close() {
        for (ContainerRedisServer node : stopOrder()) {
            node.container().stop();
        }
        network.close();
    }
}
