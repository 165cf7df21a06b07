package com.trackingbms.dr.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert sent to the plan's sinks.
 *
 * @param severity how urgent
 * @param plan the plan's name
 * @param title one line ("failover started: montreal -> toronto")
 * @param detail what happened and what to do
 * @param time when it happened
 * @param fields structured values (site, step, run id) for sinks that render them
 */
public record Alert(Severity severity, String plan, String title, String detail, Instant time,
                    Map<String, String> fields) {

    /** Copies the fields and checks the parts are present. */
    public Alert {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(time, "time");
        fields = Map.copyOf(fields);
    }
}
