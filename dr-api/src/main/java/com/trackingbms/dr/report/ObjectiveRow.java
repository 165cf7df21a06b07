package com.trackingbms.dr.report;

import com.trackingbms.dr.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One objective against its measured value. The verdict is computed from the two numbers, never given: a missing
 * measurement is {@link Verdict#NOT_MEASURED}, not a pass.
 *
 * @param name what is measured ("RTO", "RPO", "validation success rate")
 * @param unit the unit of both numbers
 * @param direction whether the measured value must be at most or at least the objective
 * @param objective the objective
 * @param measured the measured value, if it was measured
 * @param note how it was measured, or why it was not
 */
public record ObjectiveRow(String name, Unit unit, Direction direction, double objective, OptionalDouble measured,
                           String note) {

    /** The unit of an objective row. */
    public enum Unit {
        /** Milliseconds, shown as a duration. */
        MILLISECONDS,
        /** Percent. */
        PERCENT
    }

    /** Which side of the objective passes. */
    public enum Direction {
        /** The measured value must not exceed the objective (RTO, RPO). */
        AT_MOST,
        /** The measured value must reach the objective (success rate, availability). */
        AT_LEAST
    }

    /** The outcome of a row. */
    public enum Verdict {
        /** Measured and within the objective. */
        PASS,
        /** Measured and outside the objective. */
        FAIL,
        /** Not measured: neither pass nor fail. */
        NOT_MEASURED
    }

    /** Checks the parts are present and the numbers finite. */
    public ObjectiveRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(note, "note");
        if (!Double.isFinite(objective) || measured.isPresent() && !Double.isFinite(measured.getAsDouble())) {
            throw new IllegalArgumentException("objective row " + name + " needs finite numbers");
        }
    }

    /** A duration objective that the measured duration must not exceed. */
    public static ObjectiveRow atMost(String name, Duration objective, java.util.Optional<Duration> measured, String note) {
        return new ObjectiveRow(name, Unit.MILLISECONDS, Direction.AT_MOST, millis(objective),
                measured.map(d -> OptionalDouble.of(millis(d))).orElse(OptionalDouble.empty()), note);
    }

    /** A percentage that the measured percentage must reach. */
    public static ObjectiveRow atLeastPercent(String name, double objective, OptionalDouble measured, String note) {
        return new ObjectiveRow(name, Unit.PERCENT, Direction.AT_LEAST, objective, measured, note);
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** Pass or fail from the numbers, or not measured. */
    public Verdict verdict() {
        if (measured.isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        double m = measured.getAsDouble();
        boolean ok = direction == Direction.AT_MOST ? m <= objective : m >= objective;
        return ok ? Verdict.PASS : Verdict.FAIL;
    }

    /** The objective as people read it ("&lt;= 15m", "&gt;= 95.0 %"). */
    public String describeObjective() {
        return (direction == Direction.AT_MOST ? "<= " : ">= ") + format(objective);
    }

    /** The measured value as people read it, or "not measured". */
    public String describeMeasured() {
        return measured.isPresent() ? format(measured.getAsDouble()) : "not measured";
    }

    private String format(double value) {
        return unit == Unit.PERCENT ? String.format(Locale.ROOT, "%.2f %%", value)
                : Durations.format(Duration.ofNanos(Math.round(value * 1e6)));
    }
}
