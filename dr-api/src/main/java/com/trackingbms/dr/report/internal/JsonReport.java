package com.trackingbms.dr.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.trackingbms.dr.report.ObjectiveRow;
import com.trackingbms.dr.report.RecoveryReport;
import com.trackingbms.dr.report.ReportStep;
import com.trackingbms.dr.validation.CategoryResult;
import com.trackingbms.dr.validation.CheckResult;
import java.util.Locale;

/** {@link RecoveryReport#toJson()}: a tree built field by field, so nothing reaches the JSON that the report does not hold. */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** The report as pretty-printed JSON. */
    public static String render(RecoveryReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", lower(r.kind()));
        root.put("id", r.id());
        root.put("title", r.title());
        root.put("outcome", r.outcome());
        root.put("succeeded", r.succeeded());
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("durationMs", r.duration().toMillis());
        ArrayNode objectives = root.putArray("objectives");
        for (ObjectiveRow o : r.objectives()) {
            ObjectNode n = objectives.addObject();
            n.put("name", o.name());
            n.put("unit", lower(o.unit()));
            n.put("direction", lower(o.direction()));
            n.put("objective", o.objective());
            if (o.measured().isPresent()) {
                n.put("measured", o.measured().getAsDouble());
            } else {
                n.putNull("measured");
            }
            n.put("verdict", lower(o.verdict()));
            n.put("note", o.note());
        }
        ArrayNode steps = root.putArray("steps");
        for (ReportStep s : r.steps()) {
            ObjectNode n = steps.addObject();
            n.put("name", s.name());
            n.put("status", lower(s.status()));
            if (s.startedAt().isPresent()) {
                n.put("startedAt", s.startedAt().get().toString());
            } else {
                n.putNull("startedAt");
            }
            if (s.duration().isPresent()) {
                n.put("durationMs", s.duration().get().toMillis());
            } else {
                n.putNull("durationMs");
            }
            n.put("detail", s.detail());
        }
        if (r.validation().isPresent()) {
            var v = r.validation().get();
            ObjectNode n = root.putObject("validation");
            n.put("site", v.site());
            n.put("threshold", v.threshold());
            n.put("successRate", v.successRate());
            n.put("passed", v.passed());
            ArrayNode cats = n.putArray("categories");
            for (CategoryResult c : v.categories()) {
                ObjectNode cn = cats.addObject();
                cn.put("name", c.category());
                cn.put("passed", c.passed());
                cn.put("total", c.total());
                cn.put("successRate", c.successRate());
            }
            ArrayNode checks = n.putArray("checks");
            for (CheckResult c : v.results()) {
                ObjectNode cn = checks.addObject();
                cn.put("category", c.category());
                cn.put("name", c.name());
                cn.put("status", lower(c.status()));
                cn.put("detail", c.detail());
                cn.put("durationMs", c.duration().toMillis());
            }
        } else {
            root.putNull("validation");
        }
        ArrayNode next = root.putArray("nextSteps");
        r.nextSteps().forEach(next::add);
        ObjectNode details = root.putObject("details");
        r.details().forEach(details::put);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers cannot fail to serialize", e);
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
