package com.trackingbms.dr.failover;

import java.time.Instant;
import java.util.Objects;

/**
 * Work left for operators after a failover: bring the failed site back as a standby. Failback is never automatic.
 *
 * @param site the failed site
 * @param activeSite the site now serving production
 * @param createdAt when the task was created
 * @param instructions what to do, in order
 */
public record RecoveryTask(String site, String activeSite, Instant createdAt, String instructions) {

    /** Checks the parts are present. */
    public RecoveryTask {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(activeSite, "activeSite");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(instructions, "instructions");
    }
}
