package com.trackingbms.dr.testkit.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Describes a {@link RedisTopology}; {@link #start()} runs it. */
public final class RedisTopologyBuilder {

    static final String DEFAULT_IMAGE = "redis:7.0.15";

    private RedisBackend backend = RedisBackend.AUTO;
    private String masterName = "drmaster";
    private Duration downAfter = Duration.ofSeconds(1);
    private Duration failoverTimeout = Duration.ofSeconds(10);
    private Duration readyTimeout = Duration.ofSeconds(60);
    private Path redisServer;
    private String image = DEFAULT_IMAGE;

    RedisTopologyBuilder() {
    }

    /**
     * Which backend runs the servers; {@link RedisBackend#AUTO} by default.
     *
     * @param backend the backend
     * @return this builder
     */
    public RedisTopologyBuilder backend(RedisBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /**
     * The name Sentinels monitor the master under; "drmaster" by default.
     *
     * @param name the master name
     * @return this builder
     */
    public RedisTopologyBuilder masterName(String name) {
        Objects.requireNonNull(name, "masterName");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("masterName '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        this.masterName = name;
        return this;
    }

    /**
     * How long a master must be unreachable before a Sentinel thinks it down; 1 s by default (Redis: 30 s).
     *
     * @param downAfter Sentinel's down-after time
     * @return this builder
     */
    public RedisTopologyBuilder downAfter(Duration downAfter) {
        this.downAfter = positiveMillis("downAfter", downAfter);
        return this;
    }

    /**
     * Sentinel's {@code failover-timeout}; 10 s by default (Redis: 3 min). Sentinel refuses another failover of the
     * same master within twice this value, so a test class that fails over twice waits that long in between.
     *
     * @param failoverTimeout Sentinel's failover timeout
     * @return this builder
     */
    public RedisTopologyBuilder failoverTimeout(Duration failoverTimeout) {
        this.failoverTimeout = positiveMillis("failoverTimeout", failoverTimeout);
        return this;
    }

    /**
     * How long {@link #start()} waits for the topology to be ready; 60 s by default.
     *
     * @param readyTimeout the bound of the readiness wait
     * @return this builder
     */
    public RedisTopologyBuilder readyTimeout(Duration readyTimeout) {
        this.readyTimeout = positiveMillis("readyTimeout", readyTimeout);
        return this;
    }

    /**
     * The local {@code redis-server} to run. By default the system property {@code dr.redis.server}, the environment
     * variable {@code DR_REDIS_SERVER}, then the PATH are searched.
     *
     * @param binary the redis-server executable
     * @return this builder
     */
    public RedisTopologyBuilder redisServer(Path binary) {
        Objects.requireNonNull(binary, "redisServer");
        if (!Files.isExecutable(binary)) {
            throw new IllegalArgumentException("redisServer " + binary + " is not an executable file; "
                    + LocalRedisTopology.INSTALL_HINT);
        }
        this.redisServer = binary;
        return this;
    }

    /**
     * The Docker image for the Testcontainers backend; {@value #DEFAULT_IMAGE} by default.
     *
     * @param image the image name with its tag
     * @return this builder
     */
    public RedisTopologyBuilder image(String image) {
        Objects.requireNonNull(image, "image");
        if (image.isBlank()) {
            throw new IllegalArgumentException("image is blank: give a Redis image such as " + DEFAULT_IMAGE);
        }
        this.image = image;
        return this;
    }

    /**
     * Starts every server and waits until the topology is ready.
     *
     * @return the ready topology; close it to stop every server and delete every file
     * @throws RedisTopologyException when no backend is usable, or the servers do not become ready in time (with
     *                                their logs)
     */
    public RedisTopology start() {
        Settings settings = new Settings(masterName, downAfter, failoverTimeout, readyTimeout);
        switch (backend) {
            case LOCAL:
                return LocalRedisTopology.start(settings, localBinary());
            case TESTCONTAINERS:
                return ContainerRedisTopology.start(settings, image);
            case AUTO:
            default:
                Path binary = redisServer != null ? redisServer : LocalRedisTopology.findRedisServer().orElse(null);
                if (binary != null) {
                    return LocalRedisTopology.start(settings, binary);
                }
                if (ContainerRedisTopology.dockerAvailable()) {
                    return ContainerRedisTopology.start(settings, image);
                }
                throw new RedisTopologyException("no Redis backend: redis-server was not found and Docker is not"
                        + " available. " + LocalRedisTopology.INSTALL_HINT);
        }
    }

    private Path localBinary() {
        if (redisServer != null) {
            return redisServer;
        }
        return LocalRedisTopology.findRedisServer()
                .orElseThrow(() -> new RedisTopologyException(LocalRedisTopology.INSTALL_HINT));
    }

    private static Duration positiveMillis(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(field + " must be at least 1 ms, got " + d);
        }
        return d;
    }

    /** The settings both backends share. */
    record Settings(String masterName, Duration downAfter, Duration failoverTimeout, Duration readyTimeout) {
    }
}
