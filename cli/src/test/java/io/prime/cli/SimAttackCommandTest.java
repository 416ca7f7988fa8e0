package io.prime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prime.sim.FaultPlan;
import io.prime.sim.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aLeaderAttackOnALaterViewMutesTheLeadersOfTheViewsBefore() {
        SimConfig c = SimCommand.configFrom("--profile", "lan", "--attack", "conflicting-replay");
        assertEquals(1L << 1, c.faultyMask, "the leader of view 1");
        List<FaultPlan.Partition> mutes = c.faultPlan.partitions();
        assertEquals(1, mutes.size(), mutes.toString());
        assertEquals(1L, mutes.get(0).isolatedMask(), "the leader of view 0 is muted");
        assertTrue(mutes.get(0).outgoingOnly());
        assertTrue(mutes.get(0).separates(0, 2, mutes.get(0).startMicros()));
        assertFalse(mutes.get(0).separates(2, 0, mutes.get(0).startMicros()), "it still hears the others");
        // The replay command names the attack only; replaying it rebuilds the same mutes.
        assertFalse(c.commandLine().contains("--partition"), c.commandLine());
        SimConfig again = SimCommand.configFrom(c.commandLine().replace("./prime sim ", "").split(" "));
        assertEquals(c.faultPlan, again.faultPlan);
        assertEquals(c.commandLine(), again.commandLine());

        // timeout-inflation: the leaders of views 0, 1 and 2 in turn, and measuring starts after the last one.
        SimConfig t = SimCommand.configFrom("--profile", "lan", "--warmup", "0.5", "--attack", "timeout-inflation");
        assertEquals(1L << 3, t.faultyMask);
        assertEquals(List.of(1L, 2L, 4L), t.faultPlan.partitions().stream().map(FaultPlan.Partition::isolatedMask).toList());
        assertTrue(t.warmupSeconds * 1e6 > t.faultPlan.stableFromMicros(), t.warmupSeconds + " s");
        assertEquals(t.commandLine(), SimCommand.configFrom(t.commandLine().replace("./prime sim ", "").split(" "))
                .commandLine());

        // A leader that runs a behaviour itself is not muted: its behaviour ends its view.
        SimConfig two = SimCommand.configFrom("--profile", "lan", "--replicas", "7", "--attack",
                "leader-delay-greedy,conflicting-replay");
        assertEquals(0b11, two.faultyMask);
        assertEquals(List.of(), two.faultPlan.partitions());
    }

    @Test
    void kLatIsTheOneTheBoundedDelayCheckUses() throws Exception {
        JsonNode j = json(CliRun.of(small("--attack", "leader-delay", "--k-lat", "2")));
        assertEquals(2.0, j.get("bounded_delay").get("k_lat").asDouble());
        assertTrue(j.get("replay").asText().contains("--k-lat 2"), j.get("replay").asText());
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
