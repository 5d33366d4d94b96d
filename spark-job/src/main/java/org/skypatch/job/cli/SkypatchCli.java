package org.skypatch.job.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The skypatch command line: one subcommand per verb. */
@Command(name = "skypatch",
        mixinStandardHelpOptions = true,
        versionProvider = SkypatchCli.Version.class,
        description = "Find the best sky clustering for parametric CMB component separation, on Spark.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, RankCommand.class, ReportCommand.class,
            SqlCommand.class, SimulateCommand.class, FitCommand.class})
public final class SkypatchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // the numerical core logs through System.Logger (java.util.logging): route it to Spark's log4j2 now,
        // as Spark would once it starts, so lines logged before the SparkSession look like all the others
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = execute(args);
        // no exit on success: under YARN cluster mode main runs in the ApplicationMaster, which marks an
        // application that calls System.exit before main returns as FAILED
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return new CommandLine(new SkypatchCli())
                .setExecutionExceptionHandler(SkypatchCli::oneLineError)
                .execute(args);
    }

    /** Input errors (bad study key, missing file) are one line on stderr and exit code 2, no stack trace. */
    private static int oneLineError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException) {
            cmd.getErr().println("skypatch: " + e.getMessage());
            return 2;
        }
        throw e;
    }

    /** The version Maven wrote into the jar manifest, or "dev" when run from classes. */
    public static String version() {
        String v = SkypatchCli.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Reads the version Maven wrote into the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"skypatch " + version()};
        }
    }
}
