package io.prime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A {@code prime} run must stay bit-for-bit what it was before other protocols (PBFT) were plugged into the
 * simulator: the JSON of two recorded runs (one with loss and reordering, one with a partition) is compared field by
 * field, wall-clock time excepted. If a deliberate change to Prime or the simulator alters these runs, regenerate the
 * files with the command in each row and say why in the commit.
 */
class PrimeGoldenRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "prime-lan-4-faults.json|--replicas 4 --clients 20 --duration 2 --warmup 1 --seed 3 --profile lan --loss 0.02 --reorder 0.05 --unstable-until-ms 1500",
        "prime-paper-7-partition.json|--replicas 7 --clients 30 --duration 3 --warmup 1 --seed 5 --profile paper --partition 1000:2000:6"})
    void primeRunIsUnchanged(String golden, String args) throws Exception {
        ObjectNode expected;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + golden)) {
            assertNotNull(in, golden);
            expected = (ObjectNode) JSON.readTree(in);
        }
        String[] argv = ("sim " + args + " --json").split(" ");
        CliRun run = CliRun.of(argv);
        assertEquals(0, run.exitCode(), run.err());
        ObjectNode actual = (ObjectNode) JSON.readTree(run.out());
        expected.remove("wall_seconds");
        actual.remove("wall_seconds");
        assertEquals(expected, actual, "prime run changed: ./prime sim " + args + " --json");
    }
}
