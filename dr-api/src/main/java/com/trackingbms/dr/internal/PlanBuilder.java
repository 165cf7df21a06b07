package com.trackingbms.dr.internal;

import com.trackingbms.dr.Activation;
import com.trackingbms.dr.DisasterRecoveryPlan;
import com.trackingbms.dr.Durations;
import com.trackingbms.dr.Objective;
import com.trackingbms.dr.Objectives;
import com.trackingbms.dr.Site;
import com.trackingbms.dr.SiteRole;
import com.trackingbms.dr.SiteSpec;
import com.trackingbms.dr.Sync;
import com.trackingbms.dr.alert.AlertSink;
import com.trackingbms.dr.backup.BackupJob;
import com.trackingbms.dr.backup.BackupSchedule;
import com.trackingbms.dr.backup.BackupStrategy;
import com.trackingbms.dr.backup.Retention;
import com.trackingbms.dr.backup.RetentionPolicy;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.failover.DetectionPolicy;
import com.trackingbms.dr.failover.FailoverChain;
import com.trackingbms.dr.failover.FailoverStep;
import com.trackingbms.dr.validation.Check;
import com.trackingbms.dr.validation.CheckCategory;
import com.trackingbms.dr.validation.RecoveryValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The plan DSL. Records everything as given; {@link #build()} checks the whole plan and lists every problem. */
public final class PlanBuilder implements DisasterRecoveryPlan.Builder {

    /** Site and plan names end up in object keys, metric labels and file names: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final String name;
    private final List<Objective> objectives = new ArrayList<>();
    private final List<SiteBuilder> sites = new ArrayList<>();
    private ChainBuilder chain;
    private BackupBuilder backups;
    private final ValidationBuilder validation = new ValidationBuilder();
    private final List<AlertSink> alerts = new ArrayList<>();
    private final List<String> nullArguments = new ArrayList<>();

    /** Starts a plan; use {@link DisasterRecoveryPlan#named(String)}. */
    public PlanBuilder(String name) {
        this.name = name;
    }

    @Override
    public DisasterRecoveryPlan.Builder objectives(Objective... given) {
        objectives.addAll(Arrays.asList(given));
        return this;
    }

    @Override
    public DisasterRecoveryPlan.Builder site(String siteName, Consumer<SiteSpec> spec) {
        SiteBuilder site = new SiteBuilder(siteName);
        if (spec == null) {
            nullArguments.add("sites." + siteName);
        } else {
            spec.accept(site);
        }
        sites.add(site);
        return this;
    }

    @Override
    public DisasterRecoveryPlan.Builder failover(Function<FailoverChain.Start, FailoverChain.Spec> spec) {
        chain = new ChainBuilder();
        if (spec == null) {
            nullArguments.add("failover");
        } else {
            spec.apply(chain);
        }
        return this;
    }

    @Override
    public DisasterRecoveryPlan.Builder backups(Consumer<BackupStrategy.Spec> spec) {
        backups = new BackupBuilder();
        if (spec == null) {
            nullArguments.add("backups");
        } else {
            spec.accept(backups);
        }
        return this;
    }

    @Override
    public DisasterRecoveryPlan.Builder validation(Consumer<RecoveryValidator.Spec> spec) {
        if (spec == null) {
            nullArguments.add("validation");
        } else {
            spec.accept(validation);
        }
        return this;
    }

    @Override
    public DisasterRecoveryPlan.Builder alerts(AlertSink... sinks) {
        alerts.addAll(Arrays.asList(sinks));
        return this;
    }

    @Override
    public DisasterRecoveryPlan build() {
        String planName = name == null ? "(unnamed)" : name;
        Problems problems = new Problems();
        for (String path : nullArguments) {
            problems.add(path, "the customizer is null", "pass a lambda that declares it");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name", "plan name '" + name + "' is not a plain name",
                    "use 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        Objectives objs = checkObjectives(problems);
        List<Site> builtSites = checkSites(problems, objs);
        Optional<FailoverChain> builtChain = Optional.ofNullable(chain).map(c -> checkChain(problems, c, builtSites));
        Optional<BackupStrategy> builtBackups = Optional.ofNullable(backups).map(b -> checkBackups(problems, b));
        RecoveryValidator builtValidator = checkValidation(problems);
        if (alerts.contains(null)) {
            problems.add("alerts", "an alert sink is null", "pass only non-null sinks to alerts(...)");
        }
        problems.throwIfAny(planName);
        return new Values.Plan(name, objs, builtSites, builtChain, builtBackups, builtValidator, alerts);
    }

    private Objectives checkObjectives(Problems problems) {
        Duration rto = null;
        Duration rpo = null;
        Double availability = null;
        for (Objective o : objectives) {
            if (o instanceof Objective.Rto r) {
                rto = r.value();
            } else if (o instanceof Objective.Rpo r) {
                rpo = r.value();
            } else if (o instanceof Objective.Availability a) {
                availability = a.percent();
            } else {
                problems.add("objectives", "an objective is null", "pass rto(...), rpo(...) and availability(...)");
            }
        }
        problems.positive("objectives.rto", rto, "RTO", "rto(Duration.ofMinutes(15)) in objectives(...)");
        problems.positive("objectives.rpo", rpo, "RPO", "rpo(Duration.ofMinutes(5)) in objectives(...)");
        if (availability == null) {
            problems.add("objectives.availability", "availability is not set",
                    "add availability(99.99) (percent) to objectives(...)");
        } else if (!(availability > 0.0 && availability < 100.0)) {
            problems.add("objectives.availability", "availability " + availability + " % is outside (0, 100)",
                    "give a percentage strictly between 0 and 100, e.g. availability(99.99)");
        }
        return new Objectives(rto, rpo, availability == null ? Double.NaN : availability);
    }

    private List<Site> checkSites(Problems problems, Objectives objs) {
        if (sites.isEmpty()) {
            problems.add("sites", "the plan has no site", "declare at least the primary: site(\"name\", s -> s.primary())");
        }
        Set<String> seen = new HashSet<>();
        List<String> primaries = new ArrayList<>();
        List<Site> built = new ArrayList<>();
        for (SiteBuilder s : sites) {
            String path = "sites." + s.name;
            if (s.name == null || !NAME.matcher(s.name).matches()) {
                problems.add(path, "site name '" + s.name + "' is not a plain name",
                        "use 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
            } else if (!seen.add(s.name)) {
                problems.add(path, "site '" + s.name + "' is declared twice", "give each site a unique name");
                continue;
            }
            if (s.role == null) {
                problems.add(path + ".role", "no role", "call primary(), hotStandby(), warmStandby() or coldBackup()");
                continue;
            }
            if (s.role == SiteRole.PRIMARY) {
                primaries.add(s.name);
            }
            if (s.capacity < 1 || s.capacity > 100) {
                problems.add(path + ".capacity", "capacity " + s.capacity + " % is outside 1-100",
                        "give the share of production load the site can carry, e.g. capacity(75)");
            }
            checkSync(problems, path, s, objs);
            if (s.role == SiteRole.COLD_BACKUP && s.activation == Activation.AUTOMATIC) {
                problems.add(path + ".activation", "a cold backup site has no running infrastructure to activate automatically",
                        "use manualActivation(), or make it a warm or hot standby");
            }
            if (s.probes.contains(null)) {
                problems.add(path + ".probe", "a health probe is null", "pass only non-null probes to probe(...)");
                s.probes.removeIf(java.util.Objects::isNull);
            }
            built.add(s.build());
        }
        if (!sites.isEmpty() && primaries.isEmpty()) {
            problems.add("sites", "no site is the primary", "mark the site that serves production with primary()");
        } else if (primaries.size() > 1) {
            problems.add("sites", "sites " + String.join(", ", primaries) + " are all marked primary",
                    "mark exactly one site primary(); the others are hotStandby(), warmStandby() or coldBackup()");
        }
        return built;
    }

    private static void checkSync(Problems problems, String path, SiteBuilder s, Objectives objs) {
        if (s.role == SiteRole.PRIMARY) {
            if (s.sync != null) {
                problems.add(path + ".sync", "the primary is not synced from another site",
                        "remove streaming(...) or syncEvery(...) from the primary");
            }
            return;
        }
        if (s.sync == null) {
            problems.add(path + ".sync", "a " + s.role.label() + " site must say how it is kept in sync",
                    "call streaming(SYNCHRONOUS|ASYNCHRONOUS) or syncEvery(interval)");
            return;
        }
        if (s.sync instanceof Sync.Periodic p) {
            if (!problems.positive(path + ".syncEvery", p.interval(), "sync interval", "syncEvery(Duration.ofHours(24))")) {
                return;
            }
            Duration rpo = objs.rpo();
            boolean rpoKnown = rpo != null && !rpo.isNegative() && !rpo.isZero();
            if (rpoKnown && s.effectiveActivation() == Activation.AUTOMATIC && p.interval().compareTo(rpo) > 0) {
                problems.add(path + ".syncEvery", Durations.format(p.interval()) + " cannot meet the plan RPO of "
                        + Durations.format(rpo) + " for an automatically activated site",
                        "make it manual or sync more often");
            }
        }
    }

    private FailoverChain checkChain(Problems problems, ChainBuilder c, List<Site> builtSites) {
        Map<String, Site> byName = new LinkedHashMap<>();
        builtSites.forEach(s -> byName.putIfAbsent(s.name(), s));
        Optional<Site> primary = builtSites.stream().filter(Site::isPrimary).findFirst();
        Set<String> inChain = new HashSet<>();
        for (int i = 0; i < c.sites.size(); i++) {
            String siteName = c.sites.get(i);
            String path = i == 0 ? "failover.from" : "failover.sites[" + i + "]";
            if (!byName.containsKey(siteName)) {
                problems.add(path, "unknown site '" + siteName + "'", "use one of the declared sites " + byName.keySet());
            } else if (!inChain.add(siteName)) {
                problems.add(path, "site '" + siteName + "' appears twice in the chain", "list each site once");
            } else if (i == 0 && primary.isPresent() && !primary.get().name().equals(siteName)) {
                problems.add(path, "the chain starts at '" + siteName + "', which is not the primary ("
                        + primary.get().name() + ")", "start the chain at the primary: from(\"" + primary.get().name() + "\")");
            } else if (i > 0 && byName.get(siteName).isPrimary()) {
                problems.add(path, "the primary '" + siteName + "' cannot take over from another site",
                        "list only standby sites after from(...)");
            }
        }
        problems.positive("failover.probingEvery", c.interval, "probe interval", "probingEvery(Duration.ofSeconds(30))");
        Duration timeout = c.effectiveProbeTimeout();
        if (problems.positive("failover.probeTimeout", timeout, "probe timeout", "probeTimeout(Duration.ofSeconds(5))")
                && c.interval != null && timeout.compareTo(c.interval) >= 0) {
            problems.add("failover.probeTimeout", "probe timeout " + Durations.format(timeout)
                    + " is not shorter than the probe interval " + Durations.format(c.interval),
                    "a probe must end before the next round; make the timeout shorter than the interval");
        }
        if (c.failures < 1) {
            problems.add("failover.detectAfter", c.failures + " failed rounds cannot declare a site down",
                    "use detectAfter(3).consecutiveFailures() or any count of 1 or more");
        }
        if (c.quorum == null || c.quorum.minimumFailed() < 0) {
            problems.add("failover.quorum", "quorum " + c.quorum + " is not valid",
                    "use Quorum.majority(), Quorum.any() or Quorum.atLeast(n) with n >= 1");
        }
        if (c.cooldown == null || c.cooldown.isNegative()) {
            problems.add("failover.cooldown", "cooldown " + Durations.format(c.cooldown) + " is negative or unset",
                    "give zero or a positive duration, e.g. cooldown(Duration.ofMinutes(30))");
        }
        List<Site> chainSites = c.sites.stream().filter(byName::containsKey).map(byName::get).toList();
        boolean databases = chainSites.stream().anyMatch(s -> s.database().isPresent());
        boolean caches = chainSites.stream().anyMatch(s -> s.cache().isPresent());
        List<FailoverStep> steps = c.effectiveSteps(databases, caches);
        checkSteps(problems, steps, chainSites);
        primary.filter(p -> p.probes().isEmpty()).ifPresent(p -> problems.add("sites." + p.name() + ".probe",
                "the primary has no health probe, so an outage cannot be detected",
                "add probe(...) to the primary, e.g. an HTTP health check"));
        DetectionPolicy policy = new DetectionPolicy(c.interval == null ? Duration.ZERO : c.interval,
                timeout == null ? Duration.ZERO : timeout, c.failures,
                c.quorum == null ? com.trackingbms.dr.failover.Quorum.majority() : c.quorum);
        return new Values.Chain(c.sites, policy, steps.contains(null) ? List.of() : steps,
                c.cooldown == null ? Duration.ZERO : c.cooldown);
    }

    private static void checkSteps(Problems problems, List<FailoverStep> steps, List<Site> chainSites) {
        if (steps.isEmpty()) {
            problems.add("failover.steps", "no failover step", "list the steps, e.g. steps(fenceOldPrimary(), promoteDatabase(), validate())");
            return;
        }
        Map<FailoverStep.Kind, Integer> firstIndex = new EnumMap<>(FailoverStep.Kind.class);
        for (int i = 0; i < steps.size(); i++) {
            FailoverStep step = steps.get(i);
            String path = "failover.steps[" + i + "]";
            if (step == null) {
                problems.add(path, "a step is null", "pass only steps made by FailoverStep's factories");
                return;
            }
            firstIndex.putIfAbsent(step.kind(), i);
            problems.positive(path + ".timeout", step.timeout(), step.kind().label() + " timeout", "withTimeout(Duration.ofSeconds(30))");
            if (step.attempts() < 1) {
                problems.add(path + ".attempts", step.kind().label() + " has " + step.attempts() + " attempts", "give withAttempts(n) with n >= 1");
            }
            if (step.kind() == FailoverStep.Kind.REROUTE && step.routers().isEmpty()) {
                problems.add(path, "reroute has no router", "pass the DNS and load-balancer routers: reroute(dns, loadBalancer)");
            }
        }
        Integer promote = firstIndex.get(FailoverStep.Kind.PROMOTE_DATABASE);
        Integer fence = firstIndex.get(FailoverStep.Kind.FENCE_OLD_PRIMARY);
        Integer guard = firstIndex.get(FailoverStep.Kind.GUARD_RPO);
        if (promote != null && (fence == null || fence > promote)) {
            problems.add("failover.steps", "promoteDatabase() is not preceded by fenceOldPrimary()",
                    "fence the old primary before promoting anything, or a returning primary can split the brain");
        }
        if (promote != null && guard != null && guard > promote) {
            problems.add("failover.steps", "guardRpo() comes after promoteDatabase()",
                    "guard the RPO before promoting, or the guard cannot refuse anything");
        }
        for (Site site : chainSites) {
            String path = "sites." + site.name();
            if (firstIndex.containsKey(FailoverStep.Kind.PROMOTE_DATABASE) && site.database().isEmpty()) {
                problems.add(path + ".database", "the failover chain promotes the database of " + site.name() + ", but the site has none",
                        "call database(node) on the site, or remove promoteDatabase() from the steps");
            }
            if (firstIndex.containsKey(FailoverStep.Kind.FAILOVER_CACHE) && site.cache().isEmpty()) {
                problems.add(path + ".cache", "the failover chain fails over the cache of " + site.name() + ", but the site has none",
                        "call cache(node) on the site, or remove failoverCache() from the steps");
            }
            if (firstIndex.containsKey(FailoverStep.Kind.REROUTE) && site.traffic().isEmpty()) {
                problems.add(path + ".traffic", "the failover chain reroutes traffic to " + site.name() + ", but the site has no traffic target",
                        "call traffic(\"address\") on the site, or remove reroute(...) from the steps");
            }
        }
    }

    private BackupStrategy checkBackups(Problems problems, BackupBuilder b) {
        List<BackupJob> jobs = new ArrayList<>();
        Set<BackupJob.Type> types = new HashSet<>();
        for (BackupBuilder.PendingJob pending : b.jobs) {
            String path = "backups." + pending.type().label();
            BackupSchedule schedule = BackupBuilder.schedule(pending, b.zone);
            if (problems.addAll(schedule.problems(path))) {
                jobs.add(new BackupJob(pending.type(), schedule));
            }
            types.add(pending.type());
        }
        boolean takesBackups = types.stream().anyMatch(t -> t.backupKind().isPresent());
        if (!takesBackups) {
            problems.add("backups", "no backup is scheduled", "schedule at least full().cron(\"0 2 * * *\")");
        }
        if ((types.contains(BackupJob.Type.INCREMENTAL_BACKUP) || types.contains(BackupJob.Type.DIFFERENTIAL_BACKUP))
                && !types.contains(BackupJob.Type.FULL_BACKUP)) {
            problems.add("backups.full", "incremental and differential backups need a full backup to start from",
                    "schedule full() too");
        }
        RetentionPolicy retention = checkRetention(problems, b.retention);
        if (b.compression == null) {
            problems.add("backups.compression", "compression is null", "use Compression.zstd(3), gzip(6) or none()");
        } else {
            b.compression.problems("backups.compression").forEach(problems::add);
        }
        Encryption encryption = b.encryption == null ? Encryption.none() : b.encryption;
        if (encryption.algorithm() == Encryption.Algorithm.AES_256_GCM && encryption.keys() == null) {
            problems.add("backups.encryption.keys", "AES-256-GCM encryption has no key provider",
                    "pass one to aes256Gcm(keys), e.g. a passphrase or environment-variable key provider");
        }
        if (b.store == null) {
            problems.add("backups.store", "no object store", "call storeIn(store), e.g. a FileSystemObjectStore for a directory");
        }
        return new Values.Backups(jobs, retention, b.compression, encryption, b.store);
    }

    private static RetentionPolicy checkRetention(Problems problems, List<Retention.Rule> rules) {
        if (rules == null) {
            return RetentionPolicy.KEEP_ALL;
        }
        EnumMap<Retention.Period, Integer> counts = new EnumMap<>(Retention.Period.class);
        for (Retention.Rule rule : rules) {
            if (rule == null || rule.period() == null) {
                problems.add("backups.retention", "a retention rule is null", "use daily(n), weekly(n), monthly(n), yearly(n)");
                continue;
            }
            String path = "backups.retention." + rule.period().name().toLowerCase(java.util.Locale.ROOT);
            if (rule.count() < 0) {
                problems.add(path, "count " + rule.count() + " is negative", "keep 0 or more");
            }
            if (counts.put(rule.period(), rule.count()) != null) {
                problems.add(path, "given twice", "give each period once");
            }
        }
        return new RetentionPolicy(counts.getOrDefault(Retention.Period.DAILY, 0),
                counts.getOrDefault(Retention.Period.WEEKLY, 0), counts.getOrDefault(Retention.Period.MONTHLY, 0),
                counts.getOrDefault(Retention.Period.YEARLY, 0));
    }

    private RecoveryValidator checkValidation(Problems problems) {
        ValidationBuilder v = validation;
        if (!(v.threshold >= 0.0 && v.threshold <= 100.0)) {
            problems.add("validation.threshold", "threshold " + v.threshold + " % is outside 0-100",
                    "give the accepted success rate in percent, e.g. threshold(95.0)");
        }
        problems.positive("validation.checkTimeout", v.checkTimeout, "check timeout", "checkTimeout(Duration.ofSeconds(30))");
        List<CheckCategory> categories = new ArrayList<>();
        v.categories.forEach((category, checks) -> {
            String path = "validation.categories." + category;
            if (category.isBlank()) {
                problems.add("validation.categories", "a category has no name", "name it, e.g. category(\"database\", ...)");
            }
            Set<String> names = new HashSet<>();
            List<Check> kept = new ArrayList<>();
            for (Check check : checks) {
                if (check == null || check.name() == null || check.name().isBlank()) {
                    problems.add(path, "a check is null or has no name", "give every check a name, e.g. Check.of(\"tables exist\", ...)");
                } else if (!names.add(check.name())) {
                    problems.add(path + "." + check.name(), "check '" + check.name() + "' is declared twice in " + category,
                            "give each check of a category a unique name");
                } else {
                    kept.add(check);
                }
            }
            categories.add(new CheckCategory(category, kept));
        });
        return new Values.Validator(categories, v.threshold, v.checkTimeout);
    }
}
