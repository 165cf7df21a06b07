package com.trackingbms.dr.postgres.backup.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A WAL position and the 16 MiB segment arithmetic around it (the default segment size, which the library assumes).
 *
 * @param value the 64-bit position
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /** Bytes per WAL segment. */
    public static final long SEGMENT = 16L << 20;
    private static final Pattern SEGMENT_NAME = Pattern.compile("[0-9A-F]{24}");

    /** Parses "0/3000060". */
    public static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("LSN '" + text + "' is not of the form X/Y (e.g. 0/3000060)");
        }
        return new Lsn((Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16));
    }

    /** Whether a file name is a WAL segment's ("000000010000000000000003"). */
    public static boolean isSegmentName(String name) {
        return SEGMENT_NAME.matcher(name).matches();
    }

    /** The timeline of a segment name. */
    public static int timelineOf(String segment) {
        return Integer.parseInt(segment.substring(0, 8), 16);
    }

    /** The segment number of a segment name. */
    public static long segmentNumberOf(String segment) {
        long hi = Long.parseLong(segment.substring(8, 16), 16);
        long lo = Long.parseLong(segment.substring(16, 24), 16);
        return hi * 0x100 + lo;
    }

    /** The first position of a segment. */
    public static Lsn startOf(String segment) {
        return new Lsn(segmentNumberOf(segment) * SEGMENT);
    }

    /** The segment name of a timeline and segment number. */
    public static String segmentName(int timeline, long segno) {
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, segno / 0x100, segno % 0x100);
    }

    /** The segment number holding this position. */
    public long segmentNumber() {
        return value / SEGMENT;
    }

    /** The name of the segment holding this position on a timeline. */
    public String segmentName(int timeline) {
        return segmentName(timeline, segmentNumber());
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
