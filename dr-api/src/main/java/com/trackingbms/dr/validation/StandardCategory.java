package com.trackingbms.dr.validation;

import java.util.Locale;

/**
 * The runbook's validation categories. A {@link CheckCategory} is named by a string, so plans may add their own; these
 * are the names the runbook uses, spelled once.
 */
public enum StandardCategory {
    /** Servers, networks, load balancers are up. */
    INFRASTRUCTURE("infrastructure"),
    /** The database accepts connections, reads and writes, and replicates. */
    DATABASE("database"),
    /** The application's endpoints answer, BMS integrations connect. */
    APPLICATION("application"),
    /** Latency and load-balancer spread are within budget. */
    PERFORMANCE("performance"),
    /** The restored data is complete and consistent. */
    DATA_INTEGRITY("data integrity"),
    /** TLS, security headers, authentication. */
    SECURITY("security"),
    /** Metrics, alerting and logs flow again. */
    MONITORING("monitoring"),
    /** A user journey works from login to a protected call. */
    END_TO_END("end to end");

    private final String label;

    StandardCategory(String label) {
        this.label = label;
    }

    /** The category's name as reports show it ("data integrity"). */
    public String label() {
        return label;
    }

    /** The category of {@code checks} under this name. */
    public CheckCategory of(Check... checks) {
        return new CheckCategory(label, java.util.List.of(checks));
    }

    /** The standard category whose label is {@code name} (case-insensitive), if any. */
    public static java.util.Optional<StandardCategory> fromLabel(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (StandardCategory c : values()) {
            if (c.label.equals(wanted)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
