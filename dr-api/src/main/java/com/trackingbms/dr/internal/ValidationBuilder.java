package com.trackingbms.dr.internal;

import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.RecoveryValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records the validation DSL; {@link PlanBuilder} checks it. */
final class ValidationBuilder implements RecoveryValidator.Spec {

    static final double DEFAULT_THRESHOLD = 95.0;
    static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(30);

    double threshold = DEFAULT_THRESHOLD;
    Duration checkTimeout = DEFAULT_CHECK_TIMEOUT;
    final Map<String, List<Check>> categories = new LinkedHashMap<>();

    @Override
    public RecoveryValidator.Spec threshold(double percent) {
        this.threshold = percent;
        return this;
    }

    @Override
    public RecoveryValidator.Spec checkTimeout(Duration timeout) {
        this.checkTimeout = timeout;
        return this;
    }

    @Override
    public RecoveryValidator.Spec category(String name, Check... checks) {
        categories.computeIfAbsent(name == null ? "" : name, k -> new ArrayList<>()).addAll(Arrays.asList(checks));
        return this;
    }
}
