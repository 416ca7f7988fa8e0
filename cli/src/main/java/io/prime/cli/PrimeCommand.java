package io.prime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/**
 * The {@code prime} command. Usage errors (unknown options, bad values, invalid settings) print one clear message and
 * a hint to stderr and exit with 2; an invariant violation in a simulation exits with 3; anything else that goes wrong
 * is a bug and exits with 1.
 */
@Command(name = "prime",
        mixinStandardHelpOptions = true,
        versionProvider = PrimeCommand.Version.class,
        description = "Prime: Byzantine fault-tolerant replication that stays fast while under attack.",
        subcommands = {DemoCommand.class, SimCommand.class, ExperimentCommand.class, KeygenCommand.class, ReplicaCommand.class, ClusterCommand.class,
            KvCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'prime demo' for a guided tour, or 'prime help sim' for the simulator's options.%n"})
public final class PrimeCommand implements Runnable {
    /** Exit code of a usage error (picocli's convention). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code when a simulated run violated one of the checked invariants. */
    public static final int EXIT_VIOLATION = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of demo, sim, experiment, keygen, replica, cluster, kv, bench (or help).");
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests redirect its output with {@code setOut}/{@code setErr}. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new PrimeCommand());
        cl.setParameterExceptionHandler(PrimeCommand::onUsageError);
        cl.setExecutionExceptionHandler(PrimeCommand::onExecutionError);
        return cl;
    }

    /** One message and a pointer to --help, instead of the whole usage text after every typo. */
    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(qualifiedName(cl) + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + qualifiedName(cl) + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onExecutionError(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        if (e instanceof UserException) {
            err.println(qualifiedName(cl) + ": " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        err.println(qualifiedName(cl) + ": internal error (this is a bug, please report it with the output below): " + e);
        e.printStackTrace(err);
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
    }

    private static String qualifiedName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }

    /** An error the user can fix by changing the command; shown as one line, never as a stack trace. */
    static final class UserException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserException(String message) {
            super(message);
        }
    }

    /** {@code --version}: the project version (filtered into the jar at build time) and the running JVM. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = "unknown";
            try (InputStream in = PrimeCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException ignored) {
                // fall through with "unknown"
            }
            return new String[] {
                "prime " + version,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
