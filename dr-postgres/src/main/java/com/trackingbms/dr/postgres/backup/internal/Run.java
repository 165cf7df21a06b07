package com.trackingbms.dr.postgres.backup.internal;

import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandResult;
import com.trackingbms.dr.exec.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small helpers shared by the PostgreSQL sources and targets. */
public final class Run {

    /** Copy buffer: large, because pg_dump and the compressor exchange hundreds of MB. */
    public static final int BUFFER = 1 << 20;

    private Run() {
    }

    /** Runs a command to its end; an interrupt becomes an {@link InterruptedIOException} (the process was ended first). */
    public static CommandResult run(CommandRunner runner, Command command) throws IOException {
        try {
            return runner.run(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while running " + command.programName());
            io.initCause(e);
            throw io;
        }
    }

    /** Copies with a large buffer (the JDK's transferTo uses 16 KiB). */
    public static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** Deletes a tree, best effort (used for scratch directories only). */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // scratch space: a leftover file is harmless and named for what it is
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
