package com.trackingbms.dr.testkit.redis;

import com.trackingbms.dr.testkit.internal.BoundedWait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The nodes, Sentinel queries, readiness and failover observation, shared by the local and the container backends.
 *
 * @param <S> the backend's node type
 */
abstract class BaseRedisTopology<S extends BaseRedisServer> implements RedisTopology {

    private static final Duration POLL = Duration.ofMillis(50);

    final RedisTopologyBuilder.Settings settings;
    final S master;
    final S replica;
    final List<S> sentinels;

    BaseRedisTopology(RedisTopologyBuilder.Settings settings, S master, S replica, List<S> sentinels) {
        this.settings = settings;
        this.master = master;
        this.replica = replica;
        this.sentinels = List.copyOf(sentinels);
    }

    @Override
    public S master() {
        return master;
    }

    @Override
    public S replica() {
        return replica;
    }

    @Override
    public List<RedisServer> sentinels() {
        return List.copyOf(sentinels);
    }

    /** Every node in the order to stop them: Sentinels first, so they do not start a failover while data nodes stop. */
    List<S> stopOrder() {
        List<S> order = new ArrayList<>(sentinels);
        order.add(replica);
        order.add(master);
        return order;
    }

    /** Maps an address a Sentinel or a replica reports (as servers see each other) to the address tests use. */
    abstract RedisAddress external(String host, int port);

    @Override
    public String masterName() {
        return settings.masterName();
    }

    @Override
    public Duration downAfter() {
        return settings.downAfter();
    }

    private List<BaseRedisServer> answering(List<RedisServer> nodes) {
        return nodes.stream().map(BaseRedisServer.class::cast).filter(BaseRedisServer::answering).toList();
    }

    private Optional<RedisAddress> reportedBy(BaseRedisServer sentinel) throws IOException {
        Object reply = sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", settings.masterName());
        if (!(reply instanceof List<?> pair) || pair.size() != 2) {
            return Optional.empty();
        }
        return Optional.of(external(String.valueOf(pair.get(0)), Integer.parseInt(String.valueOf(pair.get(1)))));
    }

    private Map<RedisAddress, Integer> reports() {
        Map<RedisAddress, Integer> counts = new LinkedHashMap<>();
        for (BaseRedisServer sentinel : answering(sentinels())) {
            try {
                reportedBy(sentinel).ifPresent(a -> counts.merge(a, 1, Integer::sum));
            } catch (IOException | RuntimeException e) {
                // A Sentinel that does not answer simply has no vote.
            }
        }
        return counts;
    }

    @Override
    public RedisAddress sentinelMaster() throws IOException {
        Map<RedisAddress, Integer> counts = reports();
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new IOException("no Sentinel of '" + settings.masterName() + "' answered"));
    }

    @Override
    public Optional<RedisServer> currentMaster() {
        try {
            RedisAddress address = sentinelMaster();
            return dataNodes().stream().filter(n -> n.address().equals(address)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<BaseRedisServer> dataNodeAt(RedisAddress address) {
        return dataNodes().stream().filter(n -> n.address().equals(address)).map(BaseRedisServer.class::cast).findFirst();
    }

    @Override
    public RedisAddress awaitFailover(RedisAddress previous, Duration timeout) {
        Objects.requireNonNull(previous, "previous");
        int majority = sentinels().size() / 2 + 1;
        RedisAddress[] found = {null};
        String[] last = {"nothing yet"};
        await("a majority of Sentinels to report a master other than " + previous, timeout, () -> {
            Map<RedisAddress, Integer> counts = reports();
            last[0] = "Sentinel reports " + counts;
            for (Map.Entry<RedisAddress, Integer> e : counts.entrySet()) {
                if (!e.getKey().equals(previous) && e.getValue() >= majority) {
                    Optional<BaseRedisServer> node = dataNodeAt(e.getKey());
                    if (node.isPresent() && "master".equals(role(node.get()))) {
                        found[0] = e.getKey();
                        return true;
                    }
                    last[0] += "; " + e.getKey() + " does not answer as master yet";
                }
            }
            return false;
        }, () -> last[0]);
        return found[0];
    }

    @Override
    public void requestFailover() throws IOException {
        IOException failure = null;
        for (BaseRedisServer sentinel : answering(sentinels())) {
            try {
                sentinel.call("SENTINEL", "FAILOVER", settings.masterName());
                return;
            } catch (IOException e) {
                failure = e;
            }
        }
        throw failure != null ? failure : new IOException("no Sentinel is running to ask for a failover");
    }

    @Override
    public void awaitReady(Duration timeout) {
        String[] last = {"not checked yet"};
        await("the Redis topology to be ready", timeout, () -> {
            last[0] = readinessProblem();
            return last[0] == null;
        }, () -> last[0]);
    }

    /** Null when the topology is whole, otherwise what is still missing. */
    String readinessProblem() {
        List<BaseRedisServer> sentinels = answering(sentinels());
        if (sentinels.isEmpty()) {
            return "no Sentinel is running";
        }
        Map<String, RedisAddress> views = new LinkedHashMap<>();
        for (BaseRedisServer s : sentinels) {
            try {
                Optional<RedisAddress> a = reportedBy(s);
                if (a.isEmpty()) {
                    return s.name() + " does not know master '" + settings.masterName() + "'";
                }
                views.put(s.name(), a.get());
            } catch (IOException | RuntimeException e) {
                return s.name() + " does not answer: " + e.getMessage();
            }
        }
        if (views.values().stream().distinct().count() > 1) {
            return "Sentinels disagree on the master: " + views;
        }
        RedisAddress masterAddress = views.values().iterator().next();
        Optional<BaseRedisServer> master = dataNodeAt(masterAddress);
        if (master.isEmpty()) {
            return "Sentinels report master " + masterAddress + ", which is none of " + dataNodes();
        }
        if (!master.get().answering()) {
            return "the reported master " + master.get().name() + " is not running or paused";
        }
        String masterRole = role(master.get());
        if (!"master".equals(masterRole)) {
            return master.get().name() + " is reported as master but its role is " + masterRole;
        }
        List<BaseRedisServer> replicas = new ArrayList<>();
        for (RedisServer n : dataNodes()) {
            BaseRedisServer node = (BaseRedisServer) n;
            if (node == master.get() || !node.answering()) {
                continue;
            }
            replicas.add(node);
            try {
                List<?> role = (List<?>) node.call("ROLE");
                if (!"slave".equals(role.get(0))) {
                    return node.name() + " is " + role.get(0) + ", not a replica of " + master.get().name();
                }
                RedisAddress upstream = external(String.valueOf(role.get(1)), ((Number) role.get(2)).intValue());
                if (!upstream.equals(masterAddress)) {
                    return node.name() + " replicates from " + upstream + ", not from " + masterAddress;
                }
                if (!"connected".equals(role.get(3))) {
                    return node.name() + " replication link is " + role.get(3);
                }
            } catch (IOException | RuntimeException e) {
                return node.name() + " does not answer ROLE: " + e.getMessage();
            }
        }
        for (BaseRedisServer s : sentinels) {
            try {
                Map<String, String> info = pairs(s.call("SENTINEL", "MASTER", settings.masterName()));
                String flags = info.getOrDefault("flags", "");
                if (flags.contains("s_down") || flags.contains("o_down") || flags.contains("failover")) {
                    return s.name() + " flags the master " + flags;
                }
                int otherSentinels = Integer.parseInt(info.getOrDefault("num-other-sentinels", "0"));
                if (otherSentinels < sentinels.size() - 1) {
                    return s.name() + " knows " + otherSentinels + " other Sentinels, expected " + (sentinels.size() - 1);
                }
                int knownReplicas = Integer.parseInt(info.getOrDefault("num-slaves", "0"));
                if (knownReplicas < replicas.size()) {
                    return s.name() + " knows " + knownReplicas + " replicas, expected " + replicas.size();
                }
            } catch (IOException | RuntimeException e) {
                return s.name() + " does not answer SENTINEL MASTER: " + e.getMessage();
            }
        }
        return null;
    }

    private static String role(BaseRedisServer node) {
        try {
            Object reply = node.call("ROLE");
            return reply instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0)) : String.valueOf(reply);
        } catch (IOException e) {
            return "unreachable (" + e.getMessage() + ")";
        }
    }

    private static Map<String, String> pairs(Object reply) {
        Map<String, String> map = new LinkedHashMap<>();
        if (reply instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
            }
        }
        return map;
    }

    private void await(String what, Duration timeout, java.util.function.BooleanSupplier condition,
                       java.util.function.Supplier<String> lastSeen) {
        try {
            BoundedWait.until(what, timeout, POLL, condition, lastSeen);
        } catch (TimeoutException e) {
            throw new RedisTopologyException(e.getMessage() + "\n" + diagnostics(30), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisTopologyException("interrupted while waiting for " + what, e);
        }
    }

    @Override
    public String diagnostics(int linesPerServer) {
        return nodes().stream().map(n -> ((BaseRedisServer) n).describe(linesPerServer))
                .collect(Collectors.joining("\n", "Redis topology '" + settings.masterName() + "' (" + backend() + ")\n",
                        ""));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + settings.masterName() + ", " + nodes() + "]";
    }
}
