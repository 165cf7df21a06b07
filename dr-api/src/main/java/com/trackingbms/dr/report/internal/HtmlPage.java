package com.trackingbms.dr.report.internal;

import com.trackingbms.dr.Durations;
import com.trackingbms.dr.report.ObjectiveRow;
import com.trackingbms.dr.report.RecoveryReport;
import com.trackingbms.dr.report.ReportStep;
import com.trackingbms.dr.validation.CategoryResult;
import com.trackingbms.dr.validation.CheckResult;
import com.trackingbms.dr.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@link RecoveryReport#toHtml()}: one page with inline CSS and an inline SVG timeline, no scripts and no external
 * resources, so it can be mailed or archived as is. Every text goes through {@link #esc(String)}.
 */
public final class HtmlPage {

    /** Width of the SVG timeline in pixels. */
    static final int SVG_WIDTH = 960;
    /** Where bars start: left of it are the step labels. */
    static final int BAR_X = 300;
    /** Width of the bar area. */
    static final int BAR_WIDTH = 560;
    /** Height of one timeline row. */
    static final int ROW = 26;

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1d2330;background:#fff}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
            table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eceff4;vertical-align:top}
            th{background:#f4f6f9}.badge{display:inline-block;padding:2px 10px;border-radius:10px;font-weight:600;font-size:13px}
            .ok{background:#d6f5dd;color:#14632b}.bad{background:#fbd9d9;color:#8a1616}.none{background:#eceff4;color:#4a5263}
            td.verdict{font-weight:700}td.pass{color:#14632b}td.fail{color:#8a1616}td.not-measured{color:#6b7385;font-style:italic}
            .muted{color:#6b7385;font-size:13px}ol li{margin:4px 0}code{font-size:13px}table+table{margin-top:18px}
            svg text{font-family:system-ui,sans-serif;font-size:12px;fill:#1d2330}
            """;

    private HtmlPage() {
    }

    /** The page. */
    public static String render(RecoveryReport r) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(r.title())).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>").append(esc(r.title())).append("</h1>\n<p><span id=\"status\" class=\"badge ")
                .append(r.succeeded() ? "ok\">SUCCEEDED" : "bad\">FAILED").append("</span> <span class=\"muted\">")
                .append(esc(r.outcome())).append("</span></p>\n");
        h.append("<p class=\"muted\">").append(esc(r.kind().name().toLowerCase(Locale.ROOT))).append(" <code>").append(esc(r.id()))
                .append("</code>, started ").append(esc(r.startedAt().toString())).append(", finished ")
                .append(esc(r.finishedAt().toString())).append(", took ").append(esc(Durations.format(r.duration()))).append("</p>\n</header>\n");
        objectives(h, r.objectives());
        timeline(h, r.steps());
        validation(h, r);
        h.append("<section id=\"next-steps\">\n<h2>Next steps</h2>\n");
        if (r.nextSteps().isEmpty()) {
            h.append("<p class=\"muted\">No follow-up actions: every measured objective was met.</p>\n");
        } else {
            h.append("<ol>\n");
            for (String s : r.nextSteps()) {
                h.append("<li>").append(esc(s)).append("</li>\n");
            }
            h.append("</ol>\n");
        }
        h.append("</section>\n");
        if (!r.details().isEmpty()) {
            h.append("<section id=\"details\">\n<h2>Details</h2>\n<table>\n");
            r.details().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
            h.append("</table>\n</section>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void objectives(StringBuilder h, List<ObjectiveRow> rows) {
        h.append("<section id=\"objectives\">\n<h2>Objectives</h2>\n<table>\n<thead><tr><th>Objective</th><th>Target</th>")
                .append("<th>Measured</th><th>Result</th><th>How</th></tr></thead>\n<tbody>\n");
        for (ObjectiveRow o : rows) {
            String verdict = switch (o.verdict()) {
                case PASS -> "pass";
                case FAIL -> "fail";
                case NOT_MEASURED -> "not-measured";
            };
            String label = switch (o.verdict()) {
                case PASS -> "\u2714 pass";
                case FAIL -> "\u2718 fail";
                case NOT_MEASURED -> "not measured";
            };
            h.append("<tr data-objective=\"").append(esc(o.name())).append("\" data-target=\"").append(number(o.objective()))
                    .append("\" data-measured=\"").append(o.measured().isPresent() ? number(o.measured().getAsDouble()) : "")
                    .append("\" data-unit=\"").append(o.unit() == ObjectiveRow.Unit.PERCENT ? "percent" : "ms").append("\">")
                    .append("<td>").append(esc(o.name())).append("</td><td>").append(esc(o.describeObjective())).append("</td><td>")
                    .append(esc(o.describeMeasured())).append("</td><td class=\"verdict ").append(verdict).append("\">")
                    .append(esc(label)).append("</td><td class=\"muted\">").append(esc(o.note())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void timeline(StringBuilder h, List<ReportStep> steps) {
        h.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
        if (steps.isEmpty()) {
            h.append("<p class=\"muted\">No steps recorded.</p>\n</section>\n");
            return;
        }
        Instant t0 = steps.stream().flatMap(s -> s.startedAt().stream()).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant t1 = steps.stream().flatMap(s -> s.startedAt().flatMap(a -> s.duration().map(a::plus)).stream())
                .max(Instant::compareTo).orElse(t0);
        long spanNanos = Math.max(1, Duration.between(t0, t1).toNanos());
        int height = 30 + ROW * steps.size() + 24;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"timeline of the steps\" width=\"")
                .append(SVG_WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(SVG_WIDTH).append(' ')
                .append(height).append("\" data-span-ms=\"").append(Duration.ofNanos(spanNanos).toMillis()).append("\">\n");
        h.append("<rect x=\"0\" y=\"0\" width=\"").append(SVG_WIDTH).append("\" height=\"").append(height).append("\" fill=\"#fafbfc\"/>\n");
        h.append("<line x1=\"").append(BAR_X).append("\" y1=\"22\" x2=\"").append(BAR_X + BAR_WIDTH).append("\" y2=\"22\" stroke=\"#9aa3b5\"/>\n");
        h.append("<text x=\"").append(BAR_X).append("\" y=\"16\">0</text>\n");
        h.append("<text x=\"").append(BAR_X + BAR_WIDTH).append("\" y=\"16\" text-anchor=\"end\">")
                .append(esc(Durations.format(Duration.ofNanos(spanNanos)))).append("</text>\n");
        for (int i = 0; i < steps.size(); i++) {
            ReportStep s = steps.get(i);
            int y = 30 + ROW * i;
            String status = s.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
            h.append("<g class=\"step ").append(status).append("\" data-step=\"").append(i + 1).append("\" data-duration-ms=\"")
                    .append(s.duration().map(d -> String.valueOf(d.toMillis())).orElse("")).append("\">\n");
            h.append("<title>").append(esc(s.name() + ": " + s.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + s.duration().map(d -> ", " + Durations.format(d)).orElse("") + (s.detail().isEmpty() ? "" : ", " + s.detail())))
                    .append("</title>\n");
            h.append("<text x=\"8\" y=\"").append(y + 14).append("\">").append(esc(truncate(s.name(), 42))).append("</text>\n");
            if (s.startedAt().isPresent() && s.duration().isPresent()) {
                double x = BAR_X + (double) Duration.between(t0, s.startedAt().get()).toNanos() / spanNanos * BAR_WIDTH;
                double w = Math.max(2.0, (double) s.duration().get().toNanos() / spanNanos * BAR_WIDTH);
                String fill = s.status() == ReportStep.Status.FAILED ? "#d64545" : "#3b82c4";
                h.append("<rect x=\"").append(number(x)).append("\" y=\"").append(y + 2).append("\" width=\"").append(number(w))
                        .append("\" height=\"16\" rx=\"3\" fill=\"").append(fill).append("\"/>\n");
                double tx = Math.min(x + w + 6, BAR_X + BAR_WIDTH + 4);
                h.append("<text x=\"").append(number(tx)).append("\" y=\"").append(y + 14).append("\">")
                        .append(esc(Durations.format(s.duration().get()))).append("</text>\n");
            } else {
                h.append("<text x=\"").append(BAR_X).append("\" y=\"").append(y + 14).append("\" fill=\"#6b7385\">not run</text>\n");
            }
            h.append("</g>\n");
        }
        h.append("</svg>\n");
        h.append("<table id=\"steps\">\n<thead><tr><th>#</th><th>Step</th><th>Status</th><th>Duration</th><th>Detail</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < steps.size(); i++) {
            ReportStep s = steps.get(i);
            h.append("<tr><td>").append(i + 1).append("</td><td>").append(esc(s.name())).append("</td><td>")
                    .append(esc(s.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))).append("</td><td>")
                    .append(esc(s.duration().map(Durations::format).orElse("-"))).append("</td><td class=\"muted\">")
                    .append(esc(s.detail())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void validation(StringBuilder h, RecoveryReport r) {
        h.append("<section id=\"validation\">\n<h2>Validation</h2>\n");
        if (r.validation().isEmpty()) {
            h.append("<p class=\"muted\">No validation ran.</p>\n</section>\n");
            return;
        }
        ValidationReport v = r.validation().get();
        h.append("<p><span class=\"badge ").append(v.passed() ? "ok" : "bad").append("\" id=\"validation-overall\" data-rate=\"")
                .append(number(v.successRate())).append("\" data-threshold=\"").append(number(v.threshold())).append("\">")
                .append(esc(String.format(Locale.ROOT, "%d/%d passed, %.1f %% %s %.1f %%", v.passedCount(), v.results().size(),
                        v.successRate(), v.passed() ? ">=" : "<", v.threshold())))
                .append("</span> <span class=\"muted\">on ").append(esc(v.site())).append("</span></p>\n");
        h.append("<table id=\"categories\">\n<thead><tr><th>Category</th><th>Passed</th><th>Total</th><th>Success rate</th></tr></thead>\n<tbody>\n");
        for (CategoryResult c : v.categories()) {
            h.append("<tr data-category=\"").append(esc(c.category())).append("\"><td>").append(esc(c.category())).append("</td><td>")
                    .append(c.passed()).append("</td><td>").append(c.total()).append("</td><td class=\"")
                    .append(c.allPassed() ? "pass" : "fail").append("\">").append(String.format(Locale.ROOT, "%.1f %%", c.successRate()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        h.append("<table id=\"checks\">\n<thead><tr><th>Category</th><th>Check</th><th>Result</th><th>Detail</th></tr></thead>\n<tbody>\n");
        for (CheckResult c : v.results()) {
            h.append("<tr><td>").append(esc(c.category())).append("</td><td>").append(esc(c.name())).append("</td><td class=\"")
                    .append(c.passed() ? "pass\">pass" : "fail\">fail").append("</td><td class=\"muted\">").append(esc(c.detail()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    /** Escapes text for HTML element content and double- or single-quoted attributes. */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
