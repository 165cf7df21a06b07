package com.trackingbms.dr.backup;

import com.trackingbms.dr.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * How backups are compressed.
 *
 * <p>zstd's levels are a generic trade-off; the data at hand may be served better by a few of its parameters set
 * explicitly ({@link #with(ZstdParameter, int)}). A SQL dump of telemetry, for example, is mostly random digits: at
 * levels 1-5 zstd spends bits on short matches that cost more than the literals they replace (its output is larger
 * than gzip -6's), and level 6 pays for a deep search that finds little. The greedy parse with a minimum match of 6
 * and a small search, {@code zstd(5).with(STRATEGY, 3).with(MIN_MATCH, 6).with(SEARCH_LOG, 2).with(HASH_LOG, 14)},
 * writes 1.5% less than gzip -6 for half the CPU of level 6 (measured on the pg-backup benchmark's dump). The
 * parameters only shape the compressor; any zstd decoder reads the result.
 *
 * @param algorithm zstd, gzip or none
 * @param level the algorithm's level (zstd 1 to 22 or a fast level -1 to -100, gzip 1-9, 0 for none)
 * @param zstdParameters zstd parameters that override the level's own values (empty for the level as it is)
 */
public record Compression(Algorithm algorithm, int level, Map<ZstdParameter, Integer> zstdParameters) {

    /** Compression algorithms. */
    public enum Algorithm {
        /** Zstandard: fast, and the default. */
        ZSTD,
        /** gzip, readable by the {@code gzip} tool. */
        GZIP,
        /** Stored as is. */
        NONE
    }

    /** A zstd compression parameter, with the range this library accepts; each overrides the value the level implies. */
    public enum ZstdParameter {
        /** Strategy, from 1 (fast) through 3 (greedy), 4-5 (lazy) to 9 (btultra2): how hard matches are looked for. */
        STRATEGY("strategy", 1, 9),
        /**
         * log2 of the largest match distance, 10-27. Above 27 a decoder must be told to accept the window (zstd's
         * {@code --long}), so the library refuses it: a backup must restore with default settings.
         */
        WINDOW_LOG("window log", 10, 27),
        /** log2 of the match finder's hash table, 6-30: larger finds more matches and misses the CPU caches more. */
        HASH_LOG("hash log", 6, 30),
        /** log2 of the match chain (lazy and stronger strategies), 6-30. */
        CHAIN_LOG("chain log", 6, 30),
        /** log2 of the number of searches per position, 1-30. */
        SEARCH_LOG("search log", 1, 30),
        /** The shortest match used, 3-7: on random digits shorter matches cost more than the literals they replace. */
        MIN_MATCH("min match", 3, 7),
        /** Strategy-specific (match length that stops a search, or acceleration for strategy 1), 0-131072. */
        TARGET_LENGTH("target length", 0, 131_072);

        private final String label;
        private final int min;
        private final int max;

        ZstdParameter(String label, int min, int max) {
            this.label = label;
            this.min = min;
            this.max = max;
        }

        /** Lowest accepted value. */
        public int min() {
            return min;
        }

        /** Highest accepted value. */
        public int max() {
            return max;
        }

        /** The name used in descriptions and messages, e.g. "min match". */
        public String label() {
            return label;
        }
    }

    /** Checks the algorithm is present and freezes the parameters; levels and values are checked by {@link #problems(String)}. */
    public Compression {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(zstdParameters, "zstdParameters");
        EnumMap<ZstdParameter, Integer> copy = new EnumMap<>(ZstdParameter.class);
        zstdParameters.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "zstd parameter"), Objects.requireNonNull(v, "zstd parameter value")));
        zstdParameters = Collections.unmodifiableMap(copy);
    }

    /** A compression at {@code level} with no zstd parameters. */
    public Compression(Algorithm algorithm, int level) {
        this(algorithm, level, Map.of());
    }

    /** Zstandard at {@code level}: 1-22 (3 is a good default), or a fast level -1 to -100 that trades size for speed. */
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

    /** This compression with a zstd parameter set to {@code value} (checked, with the level, by {@link #problems(String)}). */
    public Compression with(ZstdParameter parameter, int value) {
        Objects.requireNonNull(parameter, "parameter");
        EnumMap<ZstdParameter, Integer> next = new EnumMap<>(ZstdParameter.class);
        next.putAll(zstdParameters);
        next.put(parameter, value);
        return new Compression(algorithm, level, next);
    }

    /** Why this compression cannot be used (empty when it can), each reported under {@code path}. */
    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>();
        switch (algorithm) {
            case ZSTD -> {
                if (level == 0 || level < -100 || level > 22) {
                    problems.add(new Problem(path, "zstd level " + level + " is outside 1-22 and the fast levels -1 to -100",
                            "use zstd(3) for speed, up to 19 for size, or a negative level for more speed at a larger size"));
                }
                zstdParameters.forEach((p, v) -> {
                    if (v < p.min() || v > p.max()) {
                        problems.add(new Problem(path, "zstd " + p.label() + " " + v + " is outside " + p.min() + "-" + p.max(),
                                "set " + p.name() + " within " + p.min() + "-" + p.max() + ", or leave it out to use the level's value"));
                    }
                });
            }
            case GZIP -> {
                if (level < 1 || level > 9) {
                    problems.add(new Problem(path, "gzip level " + level + " is outside 1-9", "use gzip(6), the gzip tool's default"));
                }
            }
            case NONE -> {
                // nothing to check but the parameters below
            }
        }
        if (algorithm != Algorithm.ZSTD && !zstdParameters.isEmpty()) {
            problems.add(new Problem(path, "zstd parameters " + zstdParameters.keySet() + " are set on " + describe(),
                    "remove them, or use zstd"));
        }
        return List.copyOf(problems);
    }

    /** This compression, or an {@link IllegalArgumentException} naming {@code field} and every problem. */
    public Compression requireValid(String field) {
        List<Problem> problems = problems(field);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.stream().map(Problem::toString).toList()));
        }
        return this;
    }

    /** "zstd level 3", "zstd level 5 (strategy 3, min match 6)", "gzip level 6" or "none". */
    public String describe() {
        if (algorithm == Algorithm.NONE) {
            return "none";
        }
        String base = algorithm.name().toLowerCase(Locale.ROOT) + " level " + level;
        if (zstdParameters.isEmpty()) {
            return base;
        }
        StringJoiner j = new StringJoiner(", ", base + " (", ")");
        zstdParameters.forEach((p, v) -> j.add(p.label() + " " + v));
        return j.toString();
    }
}
