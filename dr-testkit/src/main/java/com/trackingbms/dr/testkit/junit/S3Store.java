package com.trackingbms.dr.testkit.junit;

import com.trackingbms.dr.testkit.emulator.S3Emulator;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures an injected {@link S3Emulator}: on the parameter, or on the test class as the default. Parameters with
 * equal configuration share one emulator per class.
 */
@Target({ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface S3Store {

    /**
     * The buckets to create; the first is {@link S3Emulator#bucket()}.
     *
     * @return the buckets to create
     */
    String[] buckets() default {"dr-backups"};

    /**
     * Where objects are kept.
     *
     * @return where objects are kept
     */
    S3Emulator.Storage storage() default S3Emulator.Storage.TRANSIENT;

    /**
     * A name to get separate emulators with the same configuration in one class.
     *
     * @return a name to get separate emulators with the same configuration in one class
     */
    String name() default "";
}
