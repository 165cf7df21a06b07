package com.trackingbms.dr.validation;

import java.util.Objects;

/** One named check of a recovered site. A check that throws fails with the exception's message as its detail. */
public interface Check {

    /** A short stable name ("batteries have clients"). */
    String name();

    /** Runs the check once. */
    Outcome run(CheckContext context) throws Exception;

    /** A check from a name and a function. */
    static Check of(String name, CheckFunction function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Outcome run(CheckContext context) throws Exception {
                return function.run(context);
            }

            @Override
            public String toString() {
                return "Check[" + name + "]";
            }
        };
    }

    /** The body of a check made with {@link #of(String, CheckFunction)}. */
    @FunctionalInterface
    interface CheckFunction {
        /** Runs the check. */
        Outcome run(CheckContext context) throws Exception;
    }
}
