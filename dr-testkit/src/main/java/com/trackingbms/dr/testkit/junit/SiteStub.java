package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.emulator.HttpSiteStub;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures an injected {@link HttpSiteStub}: on the parameter, or on the test class as the default. Give each site
 * its own {@link #name()} ("montreal", "toronto") to get one stub per site.
 */
@Target({ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SiteStub {

    /**
     * The site's name; parameters with different names get different stubs.
     *
     * @return the site's name
     */
    String name() default "";

    /**
     * The health endpoint's path.
     *
     * @return the health endpoint's path
     */
    String healthPath() default HttpSiteStub.DEFAULT_HEALTH_PATH;
}
