package org.skypatch.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The skypatch command line: one subcommand per verb. */
@Command(name = "skypatch",
        mixinStandardHelpOptions = true,
        versionProvider = SkypatchCli.Version.class,
        description = "Find the best sky clustering for parametric CMB component separation, on Spark.",
        subcommands = {CommandLine.HelpCommand.class, SimulateCommand.class})
public final class SkypatchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return new CommandLine(new SkypatchCli()).execute(args);
    }

    /** Reads the version Maven wrote into the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SkypatchCli.class.getPackage().getImplementationVersion();
            return new String[] {"skypatch " + (v == null ? "dev" : v)};
        }
    }
}
