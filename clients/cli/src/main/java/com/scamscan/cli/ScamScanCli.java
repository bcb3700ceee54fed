package com.scamscan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code scamscan}: the command line for ScamScan.
 *
 * <pre>
 * scamscan scan screenshot.png [--text "..."] [--region GB] [--server http://localhost:8080] [--json]
 * </pre>
 * Exit status: 0 likely safe, 1 suspicious or scam, 2 error (see {@link ScanCommand}).
 */
@Command(name = "scamscan", mixinStandardHelpOptions = true, version = "scamscan 0.1.0",
        description = "Checks a screenshot of a suspicious message with ScamScan and follows the analysis live.",
        subcommands = {ScanCommand.class, CommandLine.HelpCommand.class})
public final class ScamScanCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (2 for usage errors, as for every other error). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new ScamScanCli());
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            ex.getCommandLine().getErr().println("scamscan: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ScanCommand.EXIT_ERROR;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("scamscan: " + ex.getMessage());
            return ScanCommand.EXIT_ERROR;
        });
        return commandLine.execute(args);
    }
}
