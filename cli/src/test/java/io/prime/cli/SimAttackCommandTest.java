package io.prime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prime.sim.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prime sim --attack/--faulty}: placement, the JSON report of faulty replicas, replay, usage errors. */
class SimAttackCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String[] small(String... more) {
        List<String> args = new ArrayList<>(List.of("sim", "--clients", "5", "--duration", "1", "--warmup", "0.5",
                "--profile", "lan", "--json"));
        args.addAll(Arrays.asList(more));
        return args.toArray(new String[0]);
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void reconMakesTheHighestReplicaFaultyAndIsReplayed() throws Exception {
        JsonNode j = json(CliRun.of(small("--attack", "recon")));
        JsonNode replicas = j.get("per_replica");
        for (int i = 0; i < 4; i++) {
            JsonNode r = replicas.get(i);
            assertEquals(i == 3, r.get("faulty").asBoolean(), "replica " + i);
            assertTrue(r.get("blacklisted").isArray());
            assertTrue(r.get("rejected").isObject());
            assertTrue(r.get("executed").asLong() > 0);
        }
        assertTrue(j.get("replay").asText().endsWith("--profile lan --attack recon"), j.get("replay").asText());
        assertEquals("ok", j.get("safety").asText());
    }

    @Test
    void explicitFaultyIdsAndGarbageShowUpInRejected() throws Exception {
        JsonNode j = json(CliRun.of(small("--replicas", "7", "--attack", "garbage,silent", "--faulty", "2,4")));
        JsonNode replicas = j.get("per_replica");
        for (int i = 0; i < 7; i++) {
            JsonNode r = replicas.get(i);
            boolean faulty = i == 2 || i == 4;
            assertEquals(faulty, r.get("faulty").asBoolean(), "replica " + i);
            if (!faulty) {
                assertTrue(r.get("rejected").has("bad_signature"), r.toString());
                assertTrue(r.get("rejected").has("malformed"), r.toString());
            }
        }
        assertTrue(j.get("replay").asText().endsWith("--attack garbage,silent --faulty 2,4"), j.get("replay").asText());
    }

    @Test
    void inconsistentAruIsBlacklistedByEveryCorrectReplica() throws Exception {
        JsonNode j = json(CliRun.of(small("--attack", "inconsistent-aru")));
        for (int i = 0; i < 3; i++) {
            assertEquals("[3]", j.get("per_replica").get(i).get("blacklisted").toString());
        }
    }

    @Test
    void theReplayCommandRebuildsTheSamePlan() {
        SimConfig c = SimCommand.configFrom("--replicas", "7", "--attack", "recon,silent");
        assertEquals((1L << 6) | (1L << 5), c.faultyMask);
        SimConfig again = SimCommand.configFrom(c.commandLine().replace("./prime sim ", "").split(" "));
        assertEquals(c.faultyMask, again.faultyMask);
        assertEquals(c.commandLine(), again.commandLine());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--attack recon,recon                  | at most f = 1",
        "--attack nope                         | unknown attack 'nope'",
        "--attack recon --faulty 4             | not in 0..3",
        "--attack recon --faulty 1,2           | one id per behaviour",
        "--faulty 1                            | --faulty needs --attack",
        "--attack recon, --faulty 1            | empty attack name",
    })
    void invalidAttacksAreUsageErrors(String args, String message) {
        CliRun run = CliRun.of(small(args.trim().split("\\s+")));
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(message.trim()), run.err());
    }
}
