package com.trackingbms.dr.spi;

import java.util.Map;

/**
 * Creates or updates the infrastructure a recovery restores into (Terraform, CloudFormation, a script). The runbook's
 * first step after a total outage; {@link Terraform} is the ready-made implementation.
 */
public interface Provisioner {

    /** What is provisioned, without credentials ("terraform in /srv/infra/dr"). */
    String describe();

    /**
     * What {@link #provision(String)} would use for {@code environment}, for dry runs: names and values of plain
     * inputs, secret inputs by name only.
     */
    Map<String, String> inputs(String environment);

    /**
     * Provisions {@code environment} ("production", "staging", "drill") and returns its non-secret outputs (host
     * names, ids, addresses). Returns when the infrastructure is applied, not merely requested.
     *
     * @throws Exception when provisioning fails; the message says which phase failed and why, without secrets
     */
    Map<String, String> provision(String environment) throws Exception;
}
