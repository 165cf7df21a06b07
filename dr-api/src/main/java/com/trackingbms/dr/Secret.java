package com.trackingbms.dr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A password, key or token whose text never reaches a log, an exception, a report or {@code toString()}.
 *
 * <p>Reading the value is an explicit call ({@link #reveal()}), so every place that handles the clear text
 * is easy to find in a code review.
 */
public final class Secret {

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Wraps a secret value; the caller's array is copied. */
    public static Secret of(char[] value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value.clone());
    }

    /** Wraps a secret value given as a string. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value.toCharArray());
    }

    /** Reads a secret from an environment variable, failing with a message that names the variable (not its value). */
    public static Secret fromEnv(String variable) {
        String v = System.getenv(Objects.requireNonNull(variable, "variable"));
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("environment variable " + variable + " is not set or empty; export it before starting");
        }
        return of(v);
    }

    /** Returns a copy of the clear text; callers should clear it when done. */
    public char[] reveal() {
        return value.clone();
    }

    /** Returns the clear text as a string, for APIs that only take strings (JDBC properties, process environments). */
    public String revealString() {
        return new String(value);
    }

    /** Returns the clear text as UTF-8 bytes. */
    public byte[] revealBytes() {
        return new String(value).getBytes(StandardCharsets.UTF_8);
    }

    /** True when the secret has no characters. */
    public boolean isEmpty() {
        return value.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    /** Always redacted: secrets are never rendered. */
    @Override
    public String toString() {
        return value.length == 0 ? "Secret[empty]" : "Secret[hidden non-blank value]";
    }
}
