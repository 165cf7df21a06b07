package com.trackingbms.dr.postgres;

import static com.trackingbms.dr.Objective.availability;
import static com.trackingbms.dr.Objective.rpo;
import static com.trackingbms.dr.Objective.rto;
import static com.trackingbms.dr.failover.FailoverStep.fenceOldPrimary;
import static com.trackingbms.dr.failover.FailoverStep.guardRpo;
import static com.trackingbms.dr.failover.FailoverStep.promoteDatabase;
import static com.trackingbms.dr.failover.FailoverStep.reroute;
import static com.trackingbms.dr.failover.FailoverStep.validate;

import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.ReplicationMode;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.spi.TrafficTarget;
import com.trackingbms.dr.testkit.drill.PostgresWriteLoad;
import com.trackingbms.dr.testkit.drill.SwitchableEndpoint;
import com.trackingbms.dr.testkit.fake.RecordingAlertSink;
import com.trackingbms.dr.testkit.fault.NetworkFault;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import com.trackingbms.dr.testkit.postgres.PostgresTopology;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.Outcome;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbook's PostgreSQL topology as a drill: montreal is the topology's primary, toronto its first standby,
 * vancouver its second (when there is one). Clients and the write load go through a {@link SwitchableEndpoint} that
 * the plan's reroute step moves, so they follow the failover like clients behind DNS or a load balancer. The policy
 * is the aggressive one: a probe round every 250 ms, down after 3 failed rounds.
 */
final class PgDrill implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(250);
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(200);
    static final List<String> SITES = List.of("montreal", "toronto", "vancouver");

    final PostgresTopology pg;
    final SwitchableEndpoint endpoint;
    final Map<String, PostgresServer> servers = new LinkedHashMap<>();
    final Map<String, PostgresNode> nodes = new LinkedHashMap<>();
    final RecordingAlertSink alerts = new RecordingAlertSink("ops");
    private final List<NetworkFault> links = new ArrayList<>();

    PgDrill(PostgresTopology pg) throws IOException {
        this.pg = pg;
        List<PostgresServer> all = pg.nodes();
        for (int i = 0; i < all.size() && i < SITES.size(); i++) {
            servers.put(SITES.get(i), all.get(i));
            nodes.put(SITES.get(i), Nodes.of(all.get(i)));
        }
        this.endpoint = SwitchableEndpoint.to(pg.primary().host(), pg.primary().port());
    }

    /** The plan with the given RPO; the load's table must exist and hold rows for validation to pass. */
    DisasterRecoveryPlan plan(Duration rpoObjective, String table) {
        DisasterRecoveryPlan.Builder b = DisasterRecoveryPlan.named("trackingbms-drill")
                .objectives(rto(Duration.ofMinutes(1)), rpo(rpoObjective), availability(99.99));
        for (Map.Entry<String, PostgresServer> e : servers.entrySet()) {
            String site = e.getKey();
            PostgresServer server = e.getValue();
            PostgresNode node = nodes.get(site);
            String address = server.host() + ":" + server.port();
            if (server.createdAsPrimary()) {
                b.site(site, s -> s.primary().database(node).probe(node.probe()).traffic(address));
            } else {
                ReplicationMode mode = server.standbyMode().orElseThrow();
                b.site(site, s -> s.hotStandby().streaming(mode).database(node).probe(node.probe()).traffic(address));
            }
        }
        PostgresChecks db = PostgresChecks.on(this::routed);
        return b.failover(chain -> {
                    FailoverChain.Spec spec = chain.from("montreal").to("toronto");
                    if (servers.containsKey("vancouver")) {
                        spec = spec.thenTo("vancouver");
                    }
                    return spec.detectAfter(3).consecutiveFailures().probingEvery(INTERVAL).probeTimeout(PROBE_TIMEOUT)
                            .steps(fenceOldPrimary(), guardRpo(), promoteDatabase(), reroute(endpoint), validate());
                })
                .validation(v -> v.threshold(100.0).category("database", db.connectivity(), db.tablesExist(table),
                        db.notEmpty(table), Check.of("accepts writes", ctx -> routed().acceptsWrites()
                                ? Outcome.pass(routed().name() + " accepts writes") : Outcome.fail(routed().name() + " refuses writes"))))
                .alerts(alerts)
                .build();
    }

    /** The node the endpoint routes to now. */
    PostgresNode routed() {
        TrafficTarget t = endpoint.current().orElseThrow();
        for (Map.Entry<String, PostgresServer> e : servers.entrySet()) {
            if (t.address().equals(e.getValue().host() + ":" + e.getValue().port())) {
                return nodes.get(e.getKey());
            }
        }
        throw new IllegalStateException("endpoint routes to " + t.address() + ", which is no node of the topology");
    }

    /** A write load through the endpoint into {@code table}. */
    PostgresWriteLoad load(String table) {
        return PostgresWriteLoad.through(endpoint.host(), endpoint.port()).database(pg.primary().database())
                .user(pg.user()).password(pg.password()).table(table).writeTimeout(Duration.ofSeconds(1)).build();
    }

    /**
     * Puts a TCP proxy between a standby and the primary: the standby streams through it from then on, so the test
     * can cut its replication (black-hole, then reset) without touching either server, and without WAL already in
     * flight reaching the standby later.
     */
    NetworkFault interposeReplication(String site) throws Exception {
        PostgresServer standby = servers.get(site);
        PostgresServer primary = pg.primary();
        NetworkFault link = NetworkFault.proxy(primary.host(), primary.port());
        links.add(link);
        String conninfo;
        try (Connection c = standby.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW primary_conninfo")) {
            r.next();
            conninfo = r.getString(1);
        }
        String proxied = conninfo.replaceAll("port=\\d+", "port=" + link.port()).replace("'", "''");
        try (Connection c = standby.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET primary_conninfo = '" + proxied + "'");
            s.execute("SELECT pg_reload_conf()");
        }
        // The WAL receiver restarts with the new conninfo: wait (bounded) until it streams through the proxy.
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try (Connection c = standby.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming' AND sender_port = " + link.port())) {
                r.next();
                if (r.getLong(1) == 1) {
                    return link;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(site + " does not stream through the proxy on port " + link.port() + "\n" + standby.logTail(30));
            }
            Thread.sleep(20);
        }
    }

    /** The WAL position of a server's last received record (standby) or current write position (primary). */
    static long position(PostgresServer server) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END - '0/0'::pg_lsn")) {
            r.next();
            return r.getBigDecimal(1).longValueExact();
        }
    }

    /**
     * Where a promoted server's new timeline forked from the old one: the end of the WAL it had received when it was
     * promoted, read from its timeline history file.
     */
    static long switchPoint(PostgresServer promoted) throws SQLException {
        try (Connection c = promoted.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT pg_read_file('pg_wal/' || name) FROM pg_ls_waldir() WHERE name LIKE '%.history'"
                        + " ORDER BY name DESC LIMIT 1")) {
            r.next();
            String history = r.getString(1).strip();
            String last = history.lines().reduce((a, b) -> b).orElseThrow();
            String lsn = last.split("\\s+")[1];
            String[] parts = lsn.split("/");
            return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
        }
    }

    @Override
    public void close() {
        links.forEach(NetworkFault::close);
        endpoint.close();
    }
}
