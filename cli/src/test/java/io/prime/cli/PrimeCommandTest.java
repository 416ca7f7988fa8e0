package io.prime.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimeCommandTest {
    @Test
    void helpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: prime"), run.out());
        assertTrue(run.out().contains("demo") && run.out().contains("sim"), run.out());
    }

    @Test
    void versionNamesTheProjectVersion() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("(?s)prime \\d+\\.\\d+\\.\\d+.*"), run.out());
        assertFalse(run.out().contains("${"), "version not filtered into the jar: " + run.out());
    }

    @Test
    void subcommandHelpWorks() {
        for (String[] args : new String[][] {{"sim", "--help"}, {"help", "sim"}, {"demo", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode(), String.join(" ", args));
            assertTrue(run.out().startsWith("Usage: prime " + args[args.length - 1].replace("--help", args[0])),
                    run.out());
        }
        assertTrue(CliRun.of("sim", "--help").out().contains("--partition=START_MS:END_MS:ID[,ID...]"));
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageError() {
        CliRun none = CliRun.of();
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("Missing command"), none.err());
        CliRun typo = CliRun.of("simm");
        assertEquals(2, typo.exitCode());
        // picocli suggests every close name: "prime sim" first ("prime sim or prime experiment" since experiment exists)
        assertTrue(typo.err().contains("Did you mean: prime sim"), typo.err());
        assertTrue(typo.err().contains("Run 'prime --help' for usage."), typo.err());
        assertEquals("", typo.out());
    }
}
