package com.trackingbms.dr.runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in {@code terraform} executable (Terraform itself cannot be downloaded here): a bash script that appends
 * each call's arguments and TF_ environment to a log, fails the phase named in {@code fail-<phase>} if that file
 * exists, and prints outputs for {@code output -json}. Tests read the log to see exactly what the provisioner ran.
 */
public final class TerraformStandIn {

    private final Path dir;

    private TerraformStandIn(Path dir) {
        this.dir = dir;
    }

    /** Writes the script into {@code dir} and returns the stand-in. */
    public static TerraformStandIn create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("terraform");
        Files.writeString(script, """
                #!/bin/bash
                here="$(dirname "$0")"
                {
                  echo "call $1"
                  for a in "$@"; do echo "arg $a"; done
                  env | grep -E '^TF_' | sort | sed 's/^/env /'
                  echo "cwd $PWD"
                } >> "$here/calls.log"
                if [ -e "$here/fail-$1" ]; then
                  echo "Error: Invalid value for variable (stand-in failure of $1)" >&2
                  exit 1
                fi
                if [ "$1" = "plan" ]; then
                  for a in "$@"; do case "$a" in -out=*) echo plan > "${a#-out=}";; esac; done
                fi
                if [ "$1" = "output" ]; then
                  echo '{"db_host":{"sensitive":false,"type":"string","value":"10.0.0.5"},'
                  echo ' "db_password":{"sensitive":true,"type":"string","value":"out-secret"},'
                  echo ' "ports":{"sensitive":false,"type":["list","number"],"value":[5432,6379]}}'
                fi
                exit 0
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new TerraformStandIn(dir);
    }

    /** The script's absolute path. */
    public String binary() {
        return dir.resolve("terraform").toString();
    }

    /** Makes {@code phase} (init, plan, apply, output) exit 1. */
    public void failPhase(String phase) throws IOException {
        Files.writeString(dir.resolve("fail-" + phase), "");
    }

    /** The log, or "" before the first call. */
    public String log() throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Each call's arguments, in order. */
    public List<List<String>> calls() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        for (String line : log().split("\n")) {
            if (line.startsWith("call ")) {
                calls.add(new ArrayList<>());
            } else if (line.startsWith("arg ")) {
                calls.get(calls.size() - 1).add(line.substring(4));
            }
        }
        return calls;
    }
}
