package com.trackingbms.dr.validation;

import java.util.List;
import java.util.Objects;

/**
 * A named group of checks ("database", "application", "data integrity").
 *
 * @param name the category's name
 * @param checks its checks, in declaration order
 */
public record CheckCategory(String name, List<Check> checks) {

    /** Copies the list and checks the name is present. */
    public CheckCategory {
        Objects.requireNonNull(name, "name");
        checks = List.copyOf(checks);
    }
}
