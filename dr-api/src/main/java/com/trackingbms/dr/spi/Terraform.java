package com.trackingbms.dr.spi;

import com.trackingbms.dr.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.trackingbms.dr.Secret;
import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandException;
import com.trackingbms.dr.exec.CommandResult;
import com.trackingbms.dr.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Provisioner} over the Terraform CLI: {@code init}, {@code plan -out} with {@code -var} arguments, {@code
 * apply} of that saved plan, then {@code output -json}. Every call is an argument array through a
 * {@link CommandRunner}; secret variables go in {@code TF_VAR_<name>} environment variables, never in arguments, so
 * they show neither in {@code ps} nor in error messages. The environment name is passed as the variable
 * {@code environment}.
 *
 * <pre>{@code
 * Provisioner infra = Terraform.builder(Path.of("/srv/infra/dr"))
 *     .variable("region", "ca-central-1")
 *     .secretVariable("db_password", Secret.fromEnv("DB_PASSWORD"))
 *     .build();
 * }</pre>
 */
public final class Terraform implements Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Terraform.class);
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workingDirectory;
    private final String binary;
    private final Map<String, String> variables;
    private final Map<String, Secret> secretVariables;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final CommandRunner runner;
    private final String planFile;

    private Terraform(Builder b) {
        this.workingDirectory = b.workingDirectory;
        this.binary = b.binary;
        this.variables = Map.copyOf(new LinkedHashMap<>(b.variables));
        this.secretVariables = Map.copyOf(b.secretVariables);
        this.environment = Map.copyOf(b.environment);
        this.timeout = b.timeout;
        this.runner = b.runner;
        this.planFile = b.planFile;
    }

    /** A builder for the Terraform configuration in {@code workingDirectory}. */
    public static Builder builder(Path workingDirectory) {
        return new Builder(Objects.requireNonNull(workingDirectory, "workingDirectory"));
    }

    @Override
    public String describe() {
        return "terraform in " + workingDirectory;
    }

    @Override
    public Map<String, String> inputs(String environmentName) {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("working directory", workingDirectory.toString());
        in.put("commands", "init, plan -out " + planFile + ", apply " + planFile + ", output -json");
        variables(environmentName).forEach((k, v) -> in.put("var " + k, v));
        secretVariables.keySet().stream().sorted().forEach(k -> in.put("var " + k, "(secret, TF_VAR_" + k + ")"));
        return in;
    }

    /** The {@code -var} variables for {@code environmentName}, in a stable order. */
    private Map<String, String> variables(String environmentName) {
        Map<String, String> vars = new java.util.TreeMap<>(variables);
        vars.put("environment", environmentName);
        return vars;
    }

    @Override
    public Map<String, String> provision(String environmentName) throws TerraformException, InterruptedException {
        Objects.requireNonNull(environmentName, "environment");
        run("init", List.of("init", "-input=false", "-no-color"));
        List<String> plan = new ArrayList<>(List.of("plan", "-input=false", "-no-color", "-out=" + planFile));
        variables(environmentName).forEach((k, v) -> {
            plan.add("-var");
            plan.add(k + "=" + v);
        });
        run("plan", plan);
        run("apply", List.of("apply", "-input=false", "-no-color", planFile));
        CommandResult out = run("output", List.of("output", "-json", "-no-color"));
        return outputs(out.stdout());
    }

    private CommandResult run(String phase, List<String> args) throws TerraformException, InterruptedException {
        Command.Builder c = Command.builder(binary).args(args).workingDirectory(workingDirectory).timeout(timeout)
                .env("TF_IN_AUTOMATION", "1").env("TF_INPUT", "0");
        environment.forEach(c::env);
        secretVariables.forEach((k, v) -> c.secretEnv("TF_VAR_" + k, v));
        Command command = c.build();
        LOG.info("terraform {}: {}", phase, command.render());
        try {
            return runner.run(command);
        } catch (CommandException e) {
            String tail = e.stderrTail().isBlank() ? "" : "; terraform said: " + e.stderrTail().strip();
            throw new TerraformException(phase, "terraform " + phase + " in " + workingDirectory + " failed: "
                    + e.getMessage() + tail, e);
        }
    }

    /** The outputs of {@code terraform output -json}; sensitive outputs are left out. */
    private static Map<String, String> outputs(String json) throws TerraformException {
        if (json.isBlank()) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new TerraformException("output", "terraform output -json did not print JSON: " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getValue().path("sensitive").asBoolean(false)) {
                continue;
            }
            JsonNode value = e.getValue().path("value");
            out.put(e.getKey(), value.isValueNode() ? value.asText() : value.toString());
        }
        return Map.copyOf(out);
    }

    @Override
    public String toString() {
        return "Terraform[" + workingDirectory + ", vars " + new java.util.TreeSet<>(variables.keySet()) + ", secret vars "
                + new java.util.TreeSet<>(secretVariables.keySet()) + "]";
    }

    /** Configures {@link Terraform}; each setter rejects a bad value, naming it. */
    public static final class Builder {
        private final Path workingDirectory;
        private String binary = "terraform";
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final Map<String, Secret> secretVariables = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration timeout = Duration.ofMinutes(30);
        private CommandRunner runner = CommandRunner.local();
        private String planFile = "dr.tfplan";

        private Builder(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
        }

        /** The terraform program: a name looked up in PATH (default "terraform") or an absolute path. */
        public Builder binary(String program) {
            Objects.requireNonNull(program, "binary");
            if (program.isBlank()) {
                throw new IllegalArgumentException("binary is blank; give \"terraform\" or an absolute path");
            }
            this.binary = program;
            return this;
        }

        /** A plain variable, passed as {@code -var name=value}. */
        public Builder variable(String name, String value) {
            checkName(name);
            Objects.requireNonNull(value, "value of variable " + name);
            if ("environment".equals(name)) {
                throw new IllegalArgumentException("variable 'environment' is set by the runbook from its target environment; remove it");
            }
            this.variables.put(name, value);
            return this;
        }

        /** A secret variable, passed as the environment variable {@code TF_VAR_name}, never as an argument. */
        public Builder secretVariable(String name, Secret value) {
            checkName(name);
            this.secretVariables.put(name, Objects.requireNonNull(value, "value of secret variable " + name));
            return this;
        }

        /** A plain environment variable for every terraform call (e.g. TF_DATA_DIR, AWS_REGION). */
        public Builder env(String name, String value) {
            this.environment.put(Objects.requireNonNull(name, "env name"), Objects.requireNonNull(value, "env value"));
            return this;
        }

        /** How long each terraform call may run (default 30 min). */
        public Builder timeout(Duration value) {
            this.timeout = Durations.requirePositive(value, "timeout", "Duration.ofMinutes(30)");
            return this;
        }

        /** The runner (default {@link CommandRunner#local()}). */
        public Builder runner(CommandRunner value) {
            this.runner = Objects.requireNonNull(value, "runner");
            return this;
        }

        /** The saved plan's file name in the working directory (default dr.tfplan). */
        public Builder planFile(String name) {
            Objects.requireNonNull(name, "planFile");
            if (name.isBlank() || name.startsWith("-")) {
                throw new IllegalArgumentException("planFile '" + name + "' must be a file name, e.g. dr.tfplan");
            }
            this.planFile = name;
            return this;
        }

        /** The provisioner; the working directory must exist. */
        public Terraform build() {
            if (!Files.isDirectory(workingDirectory)) {
                throw new IllegalArgumentException("workingDirectory " + workingDirectory + " is not a directory; give the folder of the Terraform configuration");
            }
            return new Terraform(this);
        }

        private static void checkName(String name) {
            Objects.requireNonNull(name, "variable name");
            if (!VAR_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("variable name '" + name + "' is not a Terraform identifier (letters, digits, _ and -)");
            }
        }
    }
}
