package com.trackingbms.dr.postgres;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.spi.DatabaseNode;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.CheckContext;
import com.trackingbms.dr.validation.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Declarative database checks for the {@code RecoveryValidator}, as in the runbook's validation suite. Each check
 * opens its own connection through the given node supplier (so a check validates whichever node is primary when it
 * runs) and returns a detail that says what it found. Identifiers are validated and quoted; values are bound.
 */
public final class PostgresChecks {

    /** {@code schema.table} or {@code table}, each part a plain SQL identifier. */
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    private final Function<CheckContext, PostgresNode> resolver;

    private PostgresChecks(Function<CheckContext, PostgresNode> resolver) {
        this.resolver = resolver;
    }

    /** Checks against a fixed node. */
    public static PostgresChecks on(PostgresNode node) {
        Objects.requireNonNull(node, "node");
        return new PostgresChecks(ctx -> node);
    }

    /** Checks against whatever node the supplier returns when the check runs (the current primary). */
    public static PostgresChecks on(Supplier<PostgresNode> node) {
        Objects.requireNonNull(node, "node");
        return new PostgresChecks(ctx -> node.get());
    }

    /**
     * Checks against the database of the site being validated (the new primary after a failover), so one plan
     * definition validates whichever site takes over. The site's database must be a {@link PostgresNode}.
     */
    public static PostgresChecks ofValidatedSite() {
        return new PostgresChecks(ctx -> {
            DatabaseNode db = ctx.site().database().orElseThrow(() -> new IllegalStateException(
                    "site " + ctx.site().name() + " has no database to check; give it database(PostgresNode)"));
            if (db instanceof PostgresNode pg) {
                return pg;
            }
            throw new IllegalStateException("site " + ctx.site().name() + "'s database " + db.name()
                    + " is not a PostgresNode; PostgreSQL checks need one");
        });
    }

    /** The node accepts a connection and answers {@code SELECT 1}. */
    public Check connectivity() {
        return Check.of("database connectivity", ctx -> {
            PostgresNode node = resolver.apply(ctx);
            try (Connection c = node.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return Outcome.pass(node.name() + " answers SELECT 1");
            }
        });
    }

    /** Every named table exists. */
    public Check tablesExist(String... tables) {
        List<String> names = qualified(tables);
        return Check.of("tables exist", ctx -> {
            List<String> missing = new ArrayList<>();
            try (Connection c = resolver.apply(ctx).connect();
                 PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                for (String t : names) {
                    p.setString(1, quote(t));
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        if (!r.getBoolean(1)) {
                            missing.add(t);
                        }
                    }
                }
            }
            return missing.isEmpty() ? Outcome.pass("all " + names.size() + " tables exist: " + String.join(", ", names))
                    : Outcome.fail("missing tables: " + String.join(", ", missing));
        });
    }

    /** Every named table has at least one row. */
    public Check notEmpty(String... tables) {
        List<String> names = qualified(tables);
        return Check.of("critical tables not empty", ctx -> {
            List<String> empty = new ArrayList<>();
            List<String> counts = new ArrayList<>();
            try (Connection c = resolver.apply(ctx).connect(); Statement s = c.createStatement()) {
                for (String t : names) {
                    try (ResultSet r = s.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + quote(t) + " LIMIT 1) x")) {
                        r.next();
                        if (r.getLong(1) == 0) {
                            empty.add(t);
                        } else {
                            counts.add(t);
                        }
                    }
                }
            }
            return empty.isEmpty() ? Outcome.pass("rows present in " + String.join(", ", counts))
                    : Outcome.fail("empty tables: " + String.join(", ", empty));
        });
    }

    /** {@code sql} (a read-only query) completes within {@code budget}. */
    public Check queryWithin(String name, String sql, Duration budget) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(budget, "budget");
        return Check.of(name, ctx -> {
            long start = System.nanoTime();
            try (Connection c = resolver.apply(ctx).connect(); Statement s = c.createStatement()) {
                c.setReadOnly(true);
                s.setQueryTimeout((int) Math.max(1, (budget.toMillis() + 999) / 1000 * 2));
                try (ResultSet r = s.executeQuery(sql)) {
                    while (r.next()) {
                        // Drain the result: the budget covers fetching it, not only planning it.
                    }
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String detail = "took " + Durations.format(took) + " (budget " + Durations.format(budget) + ")";
            return took.compareTo(budget) <= 0 ? Outcome.pass(detail) : Outcome.fail(detail);
        });
    }

    /**
     * No row of {@code childTable} points at a missing {@code parentTable} row, e.g.
     * {@code noOrphans("batteries", "client_id", "clients", "id")}. NULL references are not orphans.
     */
    public Check noOrphans(String childTable, String childColumn, String parentTable, String parentColumn) {
        String child = qualified(childTable);
        String parent = qualified(parentTable);
        String cc = identifier(childColumn);
        String pc = identifier(parentColumn);
        String path = child + "." + childColumn + " -> " + parent + "." + parentColumn;
        return Check.of("no orphans " + path, ctx -> {
            String sql = "SELECT count(*) FROM " + quote(child) + " c WHERE c." + cc + " IS NOT NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM " + quote(parent) + " p WHERE p." + pc + " = c." + cc + ")";
            try (Connection c = resolver.apply(ctx).connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                long orphans = r.getLong(1);
                return orphans == 0 ? Outcome.pass("0 orphans for " + path) : Outcome.fail(orphans + " orphans for " + path);
            }
        });
    }

    /** Every non-NULL value of {@code table.column} lies in {@code [min, max]}, e.g. battery voltage 0-5 V. */
    public Check valuesWithin(String table, String column, double min, double max) {
        String t = qualified(table);
        String col = identifier(column);
        if (!(min <= max)) {
            throw new IllegalArgumentException("valuesWithin(" + table + "." + column + "): min " + min + " is above max " + max);
        }
        return Check.of(table + "." + column + " within " + min + "-" + max, ctx -> {
            String sql = "SELECT count(*) FILTER (WHERE " + col + " < ? OR " + col + " > ?), min(" + col + "), max(" + col + ")"
                    + " FROM " + quote(t);
            try (Connection c = resolver.apply(ctx).connect(); PreparedStatement p = c.prepareStatement(sql)) {
                p.setDouble(1, min);
                p.setDouble(2, max);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    long outside = r.getLong(1);
                    String seen = "seen " + r.getString(2) + " to " + r.getString(3);
                    return outside == 0 ? Outcome.pass("all values within range, " + seen)
                            : Outcome.fail(outside + " values outside " + min + "-" + max + ", " + seen);
                }
            }
        });
    }

    private static List<String> qualified(String... tables) {
        if (tables.length == 0) {
            throw new IllegalArgumentException("name at least one table");
        }
        List<String> out = new ArrayList<>();
        for (String t : tables) {
            out.add(qualified(t));
        }
        return out;
    }

    private static String qualified(String table) {
        if (table == null || !QUALIFIED.matcher(table).matches()) {
            throw new IllegalArgumentException("table name '" + table + "' is not a plain identifier or schema.table; "
                    + "use letters, digits and underscores");
        }
        return table;
    }

    private static String identifier(String column) {
        if (column == null || !column.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            throw new IllegalArgumentException("column name '" + column + "' is not a plain identifier; use letters, digits and underscores");
        }
        return quoteIdent(column);
    }

    /** Quotes each part of a validated {@code schema.table}; the validation already excludes quotes. */
    private static String quote(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : ".").append(quoteIdent(parts[i]));
        }
        return sb.toString();
    }

    private static String quoteIdent(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
