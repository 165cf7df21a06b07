package com.trackingbms.dr.backup;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of evaluating a {@link RetentionPolicy}: one decision per backup, newest first.
 *
 * @param policy the policy evaluated
 * @param decisions what happens to each backup, and why
 */
public record RetentionPlan(RetentionPolicy policy, List<Decision> decisions) {

    /** Copies the decisions. */
    public RetentionPlan {
        Objects.requireNonNull(policy, "policy");
        decisions = List.copyOf(decisions);
    }

    /**
     * What happens to one backup.
     *
     * @param backup the backup
     * @param keep whether it is kept
     * @param reasons why: the rules that keep it, the kept backups that need it, or why no rule keeps it
     */
    public record Decision(BackupManifest backup, boolean keep, List<String> reasons) {
        /** Copies the reasons. */
        public Decision {
            Objects.requireNonNull(backup, "backup");
            reasons = List.copyOf(reasons);
        }

        /** "keep 2026...: newest of day 2026-11-25 (daily)" or "delete ...: ...". */
        public String describe() {
            return (keep ? "keep " : "delete ") + backup.id() + ": " + String.join("; ", reasons);
        }
    }

    /** The backups kept. */
    public List<BackupManifest> kept() {
        return decisions.stream().filter(Decision::keep).map(Decision::backup).toList();
    }

    /** The backups to delete. */
    public List<BackupManifest> deleted() {
        return decisions.stream().filter(d -> !d.keep()).map(Decision::backup).toList();
    }

    /** One line per backup. */
    public String describe() {
        return "retention " + policy.describe() + ":\n"
                + decisions.stream().map(d -> "  " + d.describe()).collect(Collectors.joining("\n"));
    }
}
