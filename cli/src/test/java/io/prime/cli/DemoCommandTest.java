package io.prime.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    @Test
    void theDemoRunsBothScenariosAndPrintsOnlyToStdout() {
        CliRun run = CliRun.of("demo", "--sim");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("", run.err());
        for (String expected : new String[] {"1. A calm network", "2. A hostile network", "3. Side by side",
            "Safety held", "updates completed", "--partition 5000:7000:3", "The demo took"}) {
            assertTrue(run.out().contains(expected), "missing '" + expected + "':\n" + run.out());
        }
    }

    @Test
    void wrapKeepsLinesShortAndWordsWhole() {
        String text = "one two three four five six seven eight nine ten ".repeat(20).trim();
        String wrapped = DemoCommand.wrap(text, "  - ", "    ");
        for (String line : wrapped.split("\n")) {
            assertTrue(line.length() <= 100, line);
        }
        assertEquals(text, wrapped.replace("\n    ", " ").substring(4));
    }
}
