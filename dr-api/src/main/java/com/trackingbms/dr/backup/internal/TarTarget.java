package com.trackingbms.dr.backup.internal;

import com.trackingbms.dr.backup.BackupManifest;
import com.trackingbms.dr.backup.RestoreTarget;
import com.trackingbms.dr.backup.UnsafeArchiveEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Extracts a tar stream into a directory, atomically and without escaping it. */
public final class TarTarget implements RestoreTarget {

    private final Path directory;

    /** Creates the target. */
    public TarTarget(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "directory " + directory;
    }

    @Override
    public void restore(BackupManifest manifest, InputStream data) throws IOException {
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("restore target " + directory + " exists and is not a directory");
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                if (entries.iterator().hasNext()) {
                    throw new IOException("restore target " + directory + " is not empty; restore into a new or empty directory");
                }
            }
        }
        Path parent = directory.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + directory.getFileName() + ".restoring-").toRealPath();
        boolean done = false;
        try {
            extract(data, staging);
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(directory);
            }
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) {
                deleteTree(staging);
            }
        }
    }

    private record DirTime(Path dir, FileTime time, int mode) {
    }

    private static void extract(InputStream data, Path root) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(data);
        List<DirTime> dirs = new ArrayList<>();
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = e.getName();
            Path target = resolve(root, name);
            checkNoSymlinkOnTheWay(root, target, name);
            if (e.isDirectory()) {
                Files.createDirectories(target);
                dirs.add(new DirTime(target, FileTime.from(e.getModTime().toInstant()), e.getMode()));
            } else if (e.isSymbolicLink()) {
                String link = e.getLinkName();
                Path linkPath = target.getFileSystem().getPath(link);
                if (linkPath.isAbsolute() || !target.getParent().resolve(linkPath).normalize().startsWith(root)) {
                    throw new UnsafeArchiveEntryException("archive entry '" + name + "' is a symbolic link to '" + link
                            + "', outside the restore directory; refusing to restore it");
                }
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, linkPath);
            } else if (e.isFile()) {
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    tar.transferTo(out);
                }
                setMode(target, e.getMode());
                Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
            } else {
                throw new UnsafeArchiveEntryException("archive entry '" + name + "' is a hard link, device or fifo; only files, "
                        + "directories and symbolic links are restored");
            }
        }
        // Directory times last, deepest first: creating their contents changed them.
        dirs.sort(Comparator.comparingInt((DirTime d) -> d.dir().getNameCount()).reversed());
        for (DirTime d : dirs) {
            setMode(d.dir(), d.mode());
            Files.setLastModifiedTime(d.dir(), d.time());
        }
    }

    private static Path resolve(Path root, String name) throws UnsafeArchiveEntryException {
        String clean = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (clean.isEmpty() || clean.startsWith("/") || clean.contains("\\") || clean.indexOf('\0') >= 0) {
            throw new UnsafeArchiveEntryException("archive entry '" + name + "' is empty or absolute; refusing to restore it");
        }
        for (String segment : clean.split("/")) {
            if (segment.equals("..")) {
                throw new UnsafeArchiveEntryException("archive entry '" + name + "' contains '..' and could escape the restore directory");
            }
        }
        Path target = root.resolve(clean).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new UnsafeArchiveEntryException("archive entry '" + name + "' resolves outside the restore directory");
        }
        return target;
    }

    /** Writing through a symlink an earlier entry created could land anywhere: refuse any on the way. */
    private static void checkNoSymlinkOnTheWay(Path root, Path target, String name) throws UnsafeArchiveEntryException {
        Path p = target.getParent();
        while (p != null && !p.equals(root)) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeArchiveEntryException("archive entry '" + name + "' goes through the symbolic link '" + root.relativize(p)
                        + "'; refusing to write through links");
            }
            p = p.getParent();
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(target)) {
            throw new UnsafeArchiveEntryException("archive entry '" + name + "' would overwrite a symbolic link");
        }
    }

    private static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(all[i]);
            }
        }
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem: permissions are not kept
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover hidden staging directory is harmless and named for what it is
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
