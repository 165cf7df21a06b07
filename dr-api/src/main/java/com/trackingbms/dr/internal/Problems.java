package com.trackingbms.dr.internal;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.PlanValidationException;
import com.trackingbms.dr.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of a plan so that {@code build()} reports all of them at once. */
final class Problems {

    private final List<Problem> problems = new ArrayList<>();

    void add(String path, String message, String fix) {
        problems.add(new Problem(path, message, fix));
    }

    void add(Problem problem) {
        problems.add(problem);
    }

    /** Adds all and returns whether there were none. */
    boolean addAll(List<Problem> more) {
        problems.addAll(more);
        return more.isEmpty();
    }

    /** Records a problem unless {@code value} is present and strictly positive; returns whether it was fine. */
    boolean positive(String path, Duration value, String what, String example) {
        if (value == null) {
            add(path, what + " is not set", "set it, e.g. " + example);
            return false;
        }
        if (value.isZero() || value.isNegative()) {
            add(path, what + " " + Durations.format(value) + " is not positive", "give a positive duration, e.g. " + example);
            return false;
        }
        return true;
    }

    void throwIfAny(String planName) {
        if (!problems.isEmpty()) {
            throw new PlanValidationException(planName, problems);
        }
    }
}
