package com.trackingbms.dr.postgres.backup;

import com.trackingbms.dr.exec.RunAs;
import com.trackingbms.dr.testkit.postgres.PostgresBinaries;
import com.trackingbms.dr.testkit.postgres.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Test helpers: tools for a testkit server, per-table checksums, a scratch directory the server user can use. */
final class PgFixtures {

    private PgFixtures() {
    }

    static PgTools tools(PostgresServer server) {
        PgTools.Builder b = PgTools.builder().binDirectory(PostgresBinaries.locate().directory()).host(server.host())
                .port(server.port()).user(server.user()).password(server.password()).timeout(Duration.ofMinutes(5));
        if (RunAs.currentUserIsRoot()) {
            b.serverUser(RunAs.user("postgres"));
        }
        return b.build();
    }

    static Connection connect(PgTools tools, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", tools.user());
        tools.password().ifPresent(s -> p.setProperty("password", s.revealString()));
        return DriverManager.getConnection(tools.jdbcUrl(database), p);
    }

    static void execute(PgTools tools, String database, String... sql) throws SQLException {
        try (Connection c = connect(tools, database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static long queryLong(PgTools tools, String database, String sql) throws SQLException {
        try (Connection c = connect(tools, database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(PgTools tools, String database, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(tools, database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** md5 of every user table's rows in a stable order, by schema-qualified name. */
    static Map<String, String> checksums(PgTools tools, String database) throws SQLException {
        Map<String, String> sums = new TreeMap<>();
        for (String table : strings(tools, database, "select format('%I.%I', schemaname, tablename) from pg_tables "
                + "where schemaname not in ('pg_catalog', 'information_schema') order by 1")) {
            sums.put(table, strings(tools, database, "select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) from "
                    + table + " t").get(0) + " rows=" + queryLong(tools, database, "select count(*) from " + table));
        }
        return sums;
    }

    /** A directory under /tmp that the server user can traverse (JUnit's @TempDir is 0700 root). */
    static Path scratch(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** The telemetry schema the runbook's validation checks look at, with realistic random values. */
    static void telemetry(PgTools tools, String database, int rows) throws SQLException {
        execute(tools, database,
                "create table clients(id int primary key, name text not null)",
                "create table batteries(id int primary key, client_id int references clients(id), serial text)",
                "create table battery_metrics(battery_id int not null, ts timestamptz not null, voltage real, current real, "
                        + "temperature real, soc smallint)",
                "insert into clients select g, 'fleet-' || g from generate_series(1, 20) g",
                "insert into batteries select g, 1 + g % 20, md5(g::text) from generate_series(1, 500) g",
                "insert into battery_metrics select 1 + g % 500, timestamptz '2026-01-01' + g * interval '1 second', "
                        + "3.2 + random(), -20 + 40 * random(), 15 + 20 * random(), (random() * 100)::smallint "
                        + "from generate_series(1, " + rows + ") g",
                "create index on battery_metrics(battery_id, ts)");
    }
}
