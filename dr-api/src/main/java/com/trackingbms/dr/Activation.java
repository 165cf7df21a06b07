package com.trackingbms.dr;

/** Whether a site may be made primary by the failover controller on its own, or only with an operator's approval. */
public enum Activation {
    /** The controller may promote the site without asking. */
    AUTOMATIC,
    /** The controller asks for approval first and escalates when none is given. */
    MANUAL
}
