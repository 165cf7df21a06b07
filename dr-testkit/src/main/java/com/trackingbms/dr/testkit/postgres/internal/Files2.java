package com.trackingbms.dr.testkit.postgres.internal;

import com.trackingbms.dr.exec.RunAs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** File helpers that keep ownership right for a server that runs as another user. */
final class Files2 {

    private Files2() {
    }

    /** Creates a directory owned by the server user with the given mode. */
    static Path mkdir(Path dir, Optional<RunAs> owner, String mode) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        if (owner.isPresent() && owner.get().needsSwitch()) {
            owner.get().chown(dir);
        }
        return dir;
    }

    /** Writes a file owned by the server user with mode 0600. */
    static void write(Path file, String text, Optional<RunAs> owner) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        if (owner.isPresent() && owner.get().needsSwitch()) {
            owner.get().chown(file);
        }
    }

    /** Appends to an existing file (its owner and mode stay). */
    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Makes sure the server user can reach {@code dir}: every parent must be traversable. Parents under the temporary
     * directory (JUnit's @TempDir is 0700) get o+x; any other blocking parent is an error that names it.
     */
    static void ensureTraversable(Path dir, Optional<RunAs> user) throws IOException {
        if (user.isEmpty() || !user.get().needsSwitch()) {
            return;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            int ownerUid = (Integer) Files.getAttribute(p, "unix:uid");
            boolean ok = perms.contains(PosixFilePermission.OTHERS_EXECUTE)
                    || (ownerUid == user.get().uid() && perms.contains(PosixFilePermission.OWNER_EXECUTE));
            if (ok) {
                continue;
            }
            if (p.startsWith(tmp)) {
                Set<PosixFilePermission> more = EnumSet.copyOf(perms);
                more.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, more);
            } else {
                throw new IOException("directory " + p + " is not traversable by user " + user.get().userName()
                        + ", so PostgreSQL could not reach its data directory; chmod o+x " + p
                        + " or choose a baseDirectory under " + tmp);
            }
        }
    }

    /** Deletes a directory tree; missing files are fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException e) {
            // Already gone (a server removed its own temp file while we walked).
        }
    }
}
