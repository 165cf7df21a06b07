package com.trackingbms.dr.validation;

import com.trackingbms.dr.Site;
import java.time.Duration;

/** What a check is validating: the site that now serves production, and the time the check may take. */
public interface CheckContext {

    /** The site being validated. */
    Site site();

    /** How long the check may take before it counts as failed. */
    Duration timeout();
}
