package com.trackingbms.dr.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.runbook.TerraformStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Terraform provisioner against a stand-in executable that records its argv and environment. */
class TerraformTest {

    @TempDir
    Path dir;

    private Terraform terraform(TerraformStandIn tf) throws Exception {
        Path config = Files.createDirectories(dir.resolve("infra"));
        return Terraform.builder(config).binary(tf.binary()).variable("region", "ca-central-1")
                .variable("instance_count", "3").secretVariable("db_password", Secret.of("tf-secret-pw")).build();
    }

    @Test
    void runsInitPlanApplyOutputAsArgumentArraysWithSecretsInTheEnvironment() throws Exception {
        TerraformStandIn tf = TerraformStandIn.create(dir.resolve("bin"));
        Map<String, String> outputs = terraform(tf).provision("drill");

        assertThat(tf.calls()).containsExactly(
                List.of("init", "-input=false", "-no-color"),
                List.of("plan", "-input=false", "-no-color", "-out=dr.tfplan", "-var", "environment=drill",
                        "-var", "instance_count=3", "-var", "region=ca-central-1"),
                List.of("apply", "-input=false", "-no-color", "dr.tfplan"),
                List.of("output", "-json", "-no-color"));
        String log = tf.log();
        assertThat(log).contains("env TF_VAR_db_password=tf-secret-pw").contains("env TF_IN_AUTOMATION=1")
                .contains("cwd " + dir.resolve("infra"));
        assertThat(log.lines().filter(l -> l.startsWith("arg "))).noneMatch(l -> l.contains("tf-secret-pw"));
        assertThat(Files.exists(dir.resolve("infra/dr.tfplan"))).isTrue();
        // Sensitive outputs stay out; lists come back as JSON text.
        assertThat(outputs).containsExactlyInAnyOrderEntriesOf(Map.of("db_host", "10.0.0.5", "ports", "[5432,6379]"));
    }

    @Test
    void aFailedPlanNamesThePhaseAndStopsBeforeApply() throws Exception {
        TerraformStandIn tf = TerraformStandIn.create(dir.resolve("bin"));
        tf.failPhase("plan");
        assertThatThrownBy(() -> terraform(tf).provision("staging"))
                .isInstanceOfSatisfying(TerraformException.class, e -> assertThat(e.phase()).isEqualTo("plan"))
                .hasMessageContaining("terraform plan in " + dir.resolve("infra") + " failed")
                .hasMessageContaining("Invalid value for variable")
                .hasMessageNotContaining("tf-secret-pw");
        assertThat(tf.calls()).extracting(c -> c.get(0)).containsExactly("init", "plan");
    }

    @Test
    void inputsShowSecretsByNameOnly() throws Exception {
        TerraformStandIn tf = TerraformStandIn.create(dir.resolve("bin"));
        Terraform t = terraform(tf);
        assertThat(t.inputs("production")).containsEntry("var environment", "production")
                .containsEntry("var region", "ca-central-1").containsEntry("var db_password", "(secret, TF_VAR_db_password)");
        assertThat(t.toString()).doesNotContain("tf-secret-pw");
        assertThat(tf.log()).isEmpty();
    }

    @Test
    void badSettingsAreRejectedByName() throws Exception {
        Path config = Files.createDirectories(dir.resolve("infra"));
        assertThatThrownBy(() -> Terraform.builder(config).variable("bad name", "x"))
                .hasMessageContaining("variable name 'bad name' is not a Terraform identifier");
        assertThatThrownBy(() -> Terraform.builder(config).variable("environment", "x"))
                .hasMessageContaining("set by the runbook");
        assertThatThrownBy(() -> Terraform.builder(dir.resolve("missing")).build())
                .hasMessageContaining("workingDirectory").hasMessageContaining("is not a directory");
    }
}
