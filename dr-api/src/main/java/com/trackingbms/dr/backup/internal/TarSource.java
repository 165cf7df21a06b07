package com.trackingbms.dr.backup.internal;

import com.trackingbms.dr.backup.BackupContext;
import com.trackingbms.dr.backup.BackupKind;
import com.trackingbms.dr.backup.BackupSource;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A directory tree as a POSIX tar stream. */
public final class TarSource implements BackupSource {

    private static final Logger LOG = LoggerFactory.getLogger(TarSource.class);

    private final Path root;
    private final List<String> excludes;
    private final List<PathMatcher> nameMatchers = new ArrayList<>();
    private final List<PathMatcher> pathMatchers = new ArrayList<>();

    /** Compiles the exclude globs. */
    public TarSource(Path root, List<String> excludes) {
        this.root = root.toAbsolutePath().normalize();
        this.excludes = List.copyOf(excludes);
        for (String e : excludes) {
            if (e == null || e.isBlank()) {
                throw new IllegalArgumentException("exclude pattern is blank; give a glob such as 'node_modules', '*.log' or 'tmp/*'");
            }
            String glob = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            (glob.contains("/") ? pathMatchers : nameMatchers).add(m);
        }
    }

    private boolean excluded(Path relative) {
        Path name = relative.getFileName();
        return nameMatchers.stream().anyMatch(m -> m.matches(name)) || pathMatchers.stream().anyMatch(m -> m.matches(relative));
    }

    @Override
    public String describe() {
        return "files under " + root + (excludes.isEmpty() ? "" : " excluding " + excludes);
    }

    @Override
    public Map<String, String> writeTo(BackupContext context, OutputStream out) throws IOException {
        if (context.kind() != BackupKind.FULL) {
            throw new IllegalArgumentException("a file-tree source takes full backups only, not " + context.kind()
                    + "; schedule full() for it");
        }
        if (!Files.isDirectory(root)) {
            throw new java.nio.file.NoSuchFileException(root.toString(), null, "the directory to back up does not exist");
        }
        long[] counts = new long[2];
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the runner owns the stream below
            }
        });
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Files.walkFileTree(root, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = root.relativize(dir);
                if (rel.toString().isEmpty()) {
                    return FileVisitResult.CONTINUE;
                }
                if (excluded(rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                TarArchiveEntry e = new TarArchiveEntry(name(rel) + "/");
                e.setMode(040000 | mode(dir));
                e.setModTime(attrs.lastModifiedTime());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = root.relativize(file);
                if (excluded(rel)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    TarArchiveEntry e = new TarArchiveEntry(name(rel), TarConstants.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(file).toString());
                    e.setModTime(attrs.lastModifiedTime());
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                } else if (attrs.isRegularFile()) {
                    TarArchiveEntry e = new TarArchiveEntry(name(rel));
                    e.setSize(attrs.size());
                    e.setMode(0100000 | mode(file));
                    e.setModTime(attrs.lastModifiedTime());
                    tar.putArchiveEntry(e);
                    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        long copied = in.transferTo(tar);
                        if (copied != attrs.size()) {
                            throw new IOException("file " + file + " changed size while being backed up (" + attrs.size() + " -> " + copied + ")");
                        }
                    }
                    tar.closeArchiveEntry();
                    counts[1] += attrs.size();
                } else {
                    LOG.warn("skipping {}: not a regular file, directory or symbolic link", file);
                    return FileVisitResult.CONTINUE;
                }
                counts[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        tar.finish();
        tar.close();
        return Map.of("files", Long.toString(counts[0]), "file_bytes", Long.toString(counts[1]));
    }

    private static String name(Path rel) {
        return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    }

    private static int mode(Path p) throws IOException {
        try {
            int mode = 0;
            for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
                mode |= 1 << (8 - perm.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException e) {
            return Files.isDirectory(p) ? 0755 : 0644;
        }
    }
}
