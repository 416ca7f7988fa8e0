package io.prime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code prime experiment}: reproducible experiments made of many simulations. Today: {@code paper}. */
@Command(name = "experiment",
        mixinStandardHelpOptions = true,
        description = {"Run an experiment made of many simulations and write its figures and tables.",
            "  paper   the paper's §7 testbed: throughput and latency vs clients (Fig. 6-9), Prime and BFT,",
            "          fault-free and under attack, 4 and 7 servers (docs/results.md)"},
        subcommands = {PaperExperimentCommand.class, CommandLine.HelpCommand.class})
public final class ExperimentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing experiment: choose paper (e.g. prime experiment paper --quick --out DIR).");
    }
}
