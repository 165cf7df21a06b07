package com.trackingbms.dr.backup;

import com.trackingbms.dr.Problem;
import java.util.Objects;
import java.util.Optional;

/**
 * How backups are compressed.
 *
 * @param algorithm zstd, gzip or none
 * @param level the algorithm's level (zstd 1-22, gzip 1-9, 0 for none)
 */
public record Compression(Algorithm algorithm, int level) {

    /** Compression algorithms. */
    public enum Algorithm {
        /** Zstandard: fast, and the default. */
        ZSTD,
        /** gzip, readable by the {@code gzip} tool. */
        GZIP,
        /** Stored as is. */
        NONE
    }

    /** Checks the algorithm is present; the level is checked by {@link #problem(String)}. */
    public Compression {
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** Zstandard at {@code level} (1-22; 3 is a good default). */
    public static Compression zstd(int level) {
        return new Compression(Algorithm.ZSTD, level);
    }

    /** gzip at {@code level} (1-9). */
    public static Compression gzip(int level) {
        return new Compression(Algorithm.GZIP, level);
    }

    /** No compression. */
    public static Compression none() {
        return new Compression(Algorithm.NONE, 0);
    }

    /** Why the level does not fit the algorithm (empty when it does), reported under {@code path}. */
    public Optional<Problem> problem(String path) {
        return switch (algorithm) {
            case ZSTD -> level < 1 || level > 22
                    ? Optional.of(new Problem(path, "zstd level " + level + " is outside 1-22", "use zstd(3) for speed, up to 19 for size"))
                    : Optional.empty();
            case GZIP -> level < 1 || level > 9
                    ? Optional.of(new Problem(path, "gzip level " + level + " is outside 1-9", "use gzip(6), the gzip tool's default"))
                    : Optional.empty();
            case NONE -> Optional.empty();
        };
    }

    /** This compression, or an {@link IllegalArgumentException} naming {@code field} when its level does not fit. */
    public Compression requireValid(String field) {
        problem(field).ifPresent(p -> {
            throw new IllegalArgumentException(p.toString());
        });
        return this;
    }

    /** "zstd level 3", "gzip level 6" or "none". */
    public String describe() {
        return algorithm == Algorithm.NONE ? "none" : algorithm.name().toLowerCase(java.util.Locale.ROOT) + " level " + level;
    }
}
