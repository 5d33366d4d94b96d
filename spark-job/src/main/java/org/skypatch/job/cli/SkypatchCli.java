package org.skypatch.job.cli;

import java.util.Optional;
import org.skypatch.job.error.UserException;
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
        // the report draws its pictures off screen (java.awt without a display), whatever DISPLAY says: on a cluster's
        // driver, under spark-submit or in a container alike
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
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
        CommandLine cli = new CommandLine(new SkypatchCli())
                .setParameterExceptionHandler(SkypatchCli::oneLineUsageError)
                .setExecutionExceptionHandler(SkypatchCli::oneLineError);
        try {
            return cli.execute(args);
        } catch (Error e) { // Hadoop's local filesystem reports a full disk as FSError, which picocli lets through
            UserException full = UserException.DiskFull.in(e).orElseThrow(() -> e);
            cli.getErr().println("skypatch: " + full.getMessage());
            return 2;
        }
    }

    /**
     * A {@link UserException}, or a failure caused by a full disk, is one line on stderr and exit code 2; anything
     * else is a bug, printed with its trace.
     */
    private static int oneLineError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        Optional<? extends UserException> user = UserException.DiskFull.in(e);
        if (user.isEmpty() && e instanceof UserException u) {
            user = Optional.of(u);
        }
        if (user.isPresent()) {
            cmd.getErr().println("skypatch: " + user.get().getMessage());
            return 2;
        }
        throw e;
    }

    /** A command line picocli cannot parse (unknown option, missing value) is one line naming the help, exit code 2. */
    private static int oneLineUsageError(CommandLine.ParameterException e, String[] args) {
        e.getCommandLine().getErr().println("skypatch: " + e.getMessage() + " (see: skypatch "
                + (e.getCommandLine().getCommandSpec().parent() == null ? "" : e.getCommandLine().getCommandName() + " ")
                + "--help)");
        return 2;
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
