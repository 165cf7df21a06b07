package com.trackingbms.dr.spi;

/** A Terraform phase (init, plan, apply, output) failed; the message names the phase and ends with Terraform's stderr tail. */
public final class TerraformException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String phase;

    /** Creates the exception for {@code phase}. */
    public TerraformException(String phase, String message, Throwable cause) {
        super(message, cause);
        this.phase = phase;
    }

    /** The phase that failed: init, plan, apply or output. */
    public String phase() {
        return phase;
    }
}
