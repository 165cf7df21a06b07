package com.trackingbms.dr.testkit.redis;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/** A Redis data node or Sentinel in a container, on a fixed 127.0.0.1 host port so its address survives restarts. */
final class ContainerRedisServer extends BaseRedisServer {

    static final String CONFIG_PATH = "/data/redis.conf";

    private final GenericContainer<?> container;
    private final String alias;
    private final int internalPort;
    private final RedisAddress address;
    private final String baseConfig;
    private final Function<RedisAddress, String> internalHostOf;
    private final java.time.Duration readyTimeout;

    ContainerRedisServer(String name, Kind kind, GenericContainer<?> container, String alias, int internalPort,
                       RedisAddress address, String baseConfig, Function<RedisAddress, String> internalHostOf,
                       java.time.Duration readyTimeout) {
        super(name, kind);
        this.container = container;
        this.alias = alias;
        this.internalPort = internalPort;
        this.address = address;
        this.baseConfig = baseConfig;
        this.internalHostOf = internalHostOf;
        this.readyTimeout = readyTimeout;
    }

    String alias() {
        return alias;
    }

    int internalPort() {
        return internalPort;
    }

    GenericContainer<?> container() {
        return container;
    }

    private DockerClient docker() {
        return container.getDockerClient();
    }

    private InspectContainerResponse.ContainerState state() {
        return docker().inspectContainerCmd(container.getContainerId()).exec().getState();
    }

    @Override
    public RedisAddress address() {
        return address;
    }

    @Override
    public OptionalLong pid() {
        // The server is not a child of this JVM; signal it through Docker, not by pid.
        return OptionalLong.empty();
    }

    @Override
    public void kill9() {
        if (isRunning()) {
            if (isPaused()) {
                docker().unpauseContainerCmd(container.getContainerId()).exec();
            }
            docker().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
        }
    }

    @Override
    public void pause() {
        if (!isPaused()) {
            docker().pauseContainerCmd(container.getContainerId()).exec();
        }
    }

    @Override
    public void resume() {
        if (isPaused()) {
            docker().unpauseContainerCmd(container.getContainerId()).exec();
        }
    }

    @Override
    boolean isPaused() {
        Boolean paused = state().getPaused();
        return paused != null && paused;
    }

    @Override
    public void stop() {
        if (isRunning()) {
            resume();
            docker().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
        }
    }

    @Override
    public void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name() + " is already running");
        }
        docker().startContainerCmd(container.getContainerId()).exec();
        awaitReady(readyTimeout);
    }

    @Override
    public void startAsReplicaOf(RedisAddress master) throws IOException {
        if (kind() == Kind.SENTINEL) {
            throw new UnsupportedOperationException(name() + " is a Sentinel; only data nodes replicate");
        }
        if (isRunning()) {
            throw new IllegalStateException(name() + " is already running");
        }
        // Written before start, so the server is a replica before it accepts its first client.
        String config = baseConfig.replaceAll("(?m)^replicaof .*$", "")
                + "\nreplicaof " + internalHostOf.apply(master) + " " + ContainerRedisTopology.DATA_PORT + "\n";
        container.copyFileToContainer(Transferable.of(config.getBytes(StandardCharsets.UTF_8), 0666), CONFIG_PATH);
        start();
    }

    @Override
    public boolean isRunning() {
        Boolean running = state().getRunning();
        return running != null && running;
    }

    @Override
    public String logTail(int lines) {
        List<String> all = Arrays.asList(container.getLogs().split("\r?\n"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
