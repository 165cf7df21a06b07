package com.trackingbms.dr.testkit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.Objects;
import java.util.Optional;

/**
 * What a test asked for: the parameter (and its annotations) and the test class (whose annotations give defaults).
 *
 * @param parameter the parameter being resolved
 * @param testClass the test class
 */
public record ResourceRequest(Parameter parameter, Class<?> testClass) {

    /** Checks the fields. */
    public ResourceRequest {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(testClass, "testClass");
    }

    /**
     * The configuration annotation: on the parameter first, then on the test class and its enclosing classes.
     */
    public <A extends Annotation> Optional<A> annotation(Class<A> type) {
        A onParameter = parameter.getAnnotation(type);
        if (onParameter != null) {
            return Optional.of(onParameter);
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            A onClass = c.getAnnotation(type);
            if (onClass != null) {
                return Optional.of(onClass);
            }
        }
        return Optional.empty();
    }
}
