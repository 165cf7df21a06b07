package com.trackingbms.dr.backup;

import com.trackingbms.dr.backup.internal.GfsRetention;
import com.trackingbms.dr.backup.internal.Layout;
import com.trackingbms.dr.backup.internal.ManifestJson;
import com.trackingbms.dr.store.NoSuchObjectException;
import com.trackingbms.dr.store.ObjectInfo;
import com.trackingbms.dr.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups in a store, read from their manifests only: a backup whose manifest was never written (interrupted)
 * is not listed, restored or counted by retention.
 */
public final class BackupCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("com.trackingbms.dr.audit");

    private final ObjectStore store;

    private BackupCatalog(ObjectStore store) {
        this.store = store;
    }

    /** The catalog of the backups in {@code store}. */
    public static BackupCatalog of(ObjectStore store) {
        return new BackupCatalog(Objects.requireNonNull(store, "store"));
    }

    /** The store. */
    public ObjectStore store() {
        return store;
    }

    /**
     * Every backup with a readable manifest, oldest first. A manifest that cannot be read is logged at WARN and
     * skipped, so one damaged manifest does not hide the others; {@link #get(String)} reports it as an error.
     */
    public List<BackupManifest> list() throws IOException {
        List<BackupManifest> result = new ArrayList<>();
        for (ObjectInfo info : store.list(Layout.MANIFESTS)) {
            String id = Layout.idOfManifest(info.key());
            if (id == null) {
                continue;
            }
            try {
                result.add(read(info.key()));
            } catch (CorruptManifestException e) {
                LOG.warn("skipping backup {}: {}", id, e.getMessage());
            } catch (NoSuchObjectException e) {
                // deleted between listing and reading
            }
        }
        result.sort(GfsRetention.NEWEST_FIRST.reversed());
        return result;
    }

    private BackupManifest read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return ManifestJson.read(in, key + " in " + store.describe());
        }
    }

    /** The backup with this id, if its manifest exists. */
    public Optional<BackupManifest> find(String id) throws IOException {
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.contains("/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(Layout.manifestKey(id)));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /**
     * The backup with this id.
     *
     * @throws NoSuchBackupException when there is no manifest (never taken, interrupted, or deleted)
     * @throws CorruptManifestException when the manifest cannot be read
     */
    public BackupManifest get(String id) throws IOException {
        Optional<BackupManifest> found = find(id);
        if (found.isPresent()) {
            return found.get();
        }
        boolean dataExists = !id.isBlank() && !id.contains("/") && store.stat(Layout.dataKey(id)).isPresent();
        throw new NoSuchBackupException(dataExists
                ? "backup " + id + " has a data object but no manifest in " + store.describe()
                        + ": it did not finish (or its manifest was deleted), so it cannot be trusted; take a new backup"
                : "no backup " + id + " in " + store.describe() + "; list the catalog for the ids there are");
    }

    /** The most recently finished backup. */
    public Optional<BackupManifest> latest() throws IOException {
        List<BackupManifest> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The most recently finished backup of one kind. */
    public Optional<BackupManifest> latest(BackupKind kind) throws IOException {
        return list().stream().filter(m -> m.kind() == kind).max(GfsRetention.NEWEST_FIRST.reversed());
    }

    /** The backup a restore request names. */
    public BackupManifest resolve(RestoreRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        if (request instanceof RestoreRequest.ById byId) {
            return get(byId.id());
        }
        if (request instanceof RestoreRequest.PointInTime at) {
            return list().stream().filter(m -> !m.finishedAt().isAfter(at.time()))
                    .max(GfsRetention.NEWEST_FIRST.reversed())
                    .orElseThrow(() -> new NoSuchBackupException("no backup finished at or before " + at.time() + " in "
                            + store.describe() + "; the oldest listed backup is later, or there is none"));
        }
        return latest().orElseThrow(() -> new NoSuchBackupException("no backup in " + store.describe()
                + "; take one first"));
    }

    /**
     * The backups needed to restore {@code backup}: its full backup first, then each differential or incremental up
     * to and including it.
     *
     * @throws NoSuchBackupException when a backup it depends on has no manifest
     */
    public List<BackupManifest> chain(BackupManifest backup) throws IOException {
        List<BackupManifest> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        BackupManifest current = backup;
        chain.add(current);
        seen.add(current.id());
        while (current.parentId() != null) {
            String parentId = current.parentId();
            Optional<BackupManifest> parent = find(parentId);
            if (parent.isEmpty()) {
                throw new NoSuchBackupException("backup " + current.id() + " depends on " + parentId + ", whose manifest is missing in "
                        + store.describe() + "; restore an older full backup instead");
            }
            if (!seen.add(parentId)) {
                throw new NoSuchBackupException("backup " + backup.id() + " has a dependency cycle through " + parentId);
            }
            current = parent.get();
            chain.add(0, current);
        }
        return chain;
    }

    /** Retention cleanup of this catalog under {@code policy}, counting calendar periods in {@code zone}. */
    public Cleanup cleanup(RetentionPolicy policy, ZoneId zone, Clock clock) {
        return new Cleanup(Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(zone, "zone"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** Applies a retention policy: {@link #dryRun()} says what would go and why, {@link #execute()} deletes it. */
    public final class Cleanup {
        private final RetentionPolicy policy;
        private final ZoneId zone;
        private final Clock clock;

        private Cleanup(RetentionPolicy policy, ZoneId zone, Clock clock) {
            this.policy = policy;
            this.zone = zone;
            this.clock = clock;
        }

        /** What would be kept and deleted, and why; deletes nothing. */
        public RetentionPlan dryRun() throws IOException {
            return policy.evaluate(list(), clock.instant(), zone);
        }

        /**
         * Deletes what the policy does not keep, manifest first (so a half-deleted backup is never listed), and
         * returns the plan it carried out.
         */
        public RetentionPlan execute() throws IOException {
            RetentionPlan plan = dryRun();
            for (RetentionPlan.Decision d : plan.decisions()) {
                if (d.keep()) {
                    continue;
                }
                BackupManifest m = d.backup();
                AUDIT.info("deleting backup {} from {}: {}", m.id(), store.describe(), String.join("; ", d.reasons()));
                store.delete(Layout.manifestKey(m.id()));
                store.delete(m.objectKey());
                AUDIT.info("deleted backup {} from {}", m.id(), store.describe());
            }
            return plan;
        }
    }

    /** Orders backups oldest first, the catalog's listing order. */
    public static Comparator<BackupManifest> oldestFirst() {
        return GfsRetention.NEWEST_FIRST.reversed();
    }

    @Override
    public String toString() {
        return "BackupCatalog[" + store.describe() + "]";
    }

}
