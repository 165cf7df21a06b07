package com.trackingbms.dr.backup;

import com.trackingbms.dr.backup.internal.TarSource;
import com.trackingbms.dr.backup.internal.TarTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Directory trees as backup sources and restore targets, through tar (long names, permissions and times kept). */
public final class FileTree {

    private FileTree() {
    }

    /**
     * The files under {@code root} as a tar stream, without the excluded ones. An exclude without {@code /}
     * matches a file or directory name at any depth ({@code node_modules}, {@code *.log}); one with {@code /}
     * matches the path relative to the root ({@code tmp/*}). An excluded directory is skipped whole. Symbolic links
     * are stored as links, never followed. Takes full backups only.
     */
    public static BackupSource source(Path root, String... excludes) {
        Objects.requireNonNull(root, "root");
        return new TarSource(root, List.of(excludes));
    }

    /**
     * Extracts into {@code directory}, which must be missing or empty. Extraction goes to a hidden sibling directory
     * that is renamed into place only when every entry is written, so a failed restore leaves nothing behind.
     * Entries that would escape (absolute, {@code ..}, through a symlink, or links pointing outside) are refused
     * with {@link UnsafeArchiveEntryException}.
     */
    public static RestoreTarget target(Path directory) {
        return new TarTarget(Objects.requireNonNull(directory, "directory"));
    }
}
