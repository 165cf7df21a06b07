package com.trackingbms.dr.runbook;

/** The disasters the runbook recovers from; each has its required sequence of steps (see {@link StepKind}). */
public enum DisasterType {
    /** Every site is lost: provision, restore configuration, database, files and cache, check BMS, monitor, validate. */
    TOTAL_OUTAGE,
    /** Data was damaged at a known time: point-in-time restore to just before it, then validate. */
    DATA_CORRUPTION,
    /** An attacker had access: rotate keys and credentials, restore a verified pre-breach backup in isolation, validate, promote. */
    SECURITY_BREACH
}
