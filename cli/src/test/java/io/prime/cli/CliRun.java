package io.prime.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/** Runs the prime command in-process and captures what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return of(cl -> { }, args);
    }

    /** {@code setup} sees the configured command line before it runs (to reach a subcommand's instance). */
    static CliRun of(Consumer<CommandLine> setup, String... args) {
        CommandLine cl = PrimeCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        setup.accept(cl);
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
