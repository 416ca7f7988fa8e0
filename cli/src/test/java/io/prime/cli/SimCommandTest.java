package io.prime.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prime.core.replica.Executed;
import io.prime.core.replica.Outputs;
import io.prime.core.replica.PrimeReplica;
import io.prime.core.replica.ReplicaCore;
import io.prime.core.app.HashChainStateMachine;
import io.prime.sim.FaultPlan;
import io.prime.sim.SimConfig;
import io.prime.sim.SimProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimCommandTest {
    /** Small enough to take well under a second: 4 replicas, 5 clients, 0.5 s warm-up and 1 s measured on a LAN. */
    private static final String[] SMALL = {"sim", "--replicas", "4", "--clients", "5", "--duration", "1",
        "--warmup", "0.5", "--profile", "lan"};
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static String[] small(String... more) {
        String[] args = Arrays.copyOf(SMALL, SMALL.length + more.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return args;
    }

    private static ObjectNode json(CliRun run) throws Exception {
        assertTrue(run.out().endsWith("}\n"), "one JSON object and a newline: " + run.out());
        JsonNode node = JSON.readTree(run.out()); // fails on anything after the object
        assertTrue(node.isObject());
        return (ObjectNode) node;
    }

    @Test
    void jsonHasEveryRequiredKey() throws Exception {
        CliRun run = CliRun.of(small("--seed", "3", "--json"));
        assertEquals(0, run.exitCode(), run.err());
        ObjectNode j = json(run);
        for (String key : List.of("protocol", "replicas", "f", "clients", "update_bytes", "seed", "profile",
                "simulated_seconds", "executed_updates", "throughput_ups", "latency_ms", "safety", "validity",
                "wall_seconds", "per_replica")) {
            assertTrue(j.has(key), "missing " + key + " in " + j);
        }
        for (String key : List.of("p50", "p90", "p99", "max", "mean")) {
            assertTrue(j.get("latency_ms").has(key), "missing latency_ms." + key);
        }
        assertEquals("prime", j.get("protocol").asText());
        assertEquals(4, j.get("replicas").asInt());
        assertEquals(1, j.get("f").asInt());
        assertEquals(5, j.get("clients").asInt());
        assertEquals(512, j.get("update_bytes").asInt());
        assertEquals(3, j.get("seed").asLong());
        assertEquals("lan", j.get("profile").asText());
        assertEquals(1.0, j.get("simulated_seconds").asDouble(), 1e-9);
        assertEquals("ok", j.get("safety").asText());
        assertEquals("ok", j.get("validity").asText());
        assertTrue(j.get("executed_updates").asLong() > 0);
        assertTrue(j.get("throughput_ups").asDouble() > 0);
        assertTrue(j.get("latency_ms").get("p50").asDouble() > 0);
        JsonNode perReplica = j.get("per_replica");
        assertEquals(4, perReplica.size());
        for (int i = 0; i < 4; i++) {
            JsonNode r = perReplica.get(i);
            for (String key : List.of("id", "faulty", "executed", "sent_messages", "sent_bytes")) {
                assertTrue(r.has(key), "missing per_replica[" + i + "]." + key);
            }
            assertEquals(i, r.get("id").asInt());
            assertFalse(r.get("faulty").asBoolean());
            assertTrue(r.get("executed").asLong() > 0);
            assertTrue(r.get("sent_messages").asLong() > 0);
        }
        assertEquals("./prime sim --protocol prime --replicas 4 --clients 5 --update-bytes 512 --duration 1"
                + " --warmup 0.5 --seed 3 --profile lan", j.get("replay").asText());
    }

    @Test
    void sameSeedGivesTheSameJsonApartFromWallTime() throws Exception {
        ObjectNode a = json(CliRun.of(small("--seed", "5", "--json", "--loss", "0.01", "--unstable-until-ms", "800")));
        ObjectNode b = json(CliRun.of(small("--seed", "5", "--json", "--loss", "0.01", "--unstable-until-ms", "800")));
        assertTrue(a.remove("wall_seconds").isNumber());
        assertTrue(b.remove("wall_seconds").isNumber());
        assertEquals(a, b);
    }

    @Test
    void aDifferentSeedGivesDifferentResults() throws Exception {
        ObjectNode a = json(CliRun.of(small("--seed", "5", "--json")));
        ObjectNode b = json(CliRun.of(small("--seed", "6", "--json")));
        for (ObjectNode j : List.of(a, b)) {
            j.remove(List.of("wall_seconds", "seed", "replay"));
        }
        assertNotEquals(a, b);
        assertNotEquals(a.get("per_replica"), b.get("per_replica"));
    }

    @Test
    void withoutJsonPrintsTheHumanSummary() {
        CliRun run = CliRun.of(small());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("prime, 4 replicas (f=1), 5 clients, 512-byte updates, profile lan, seed 1"),
                run.out());
        assertTrue(run.out().contains("safety ok, validity ok"), run.out());
        assertFalse(run.out().trim().startsWith("{"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--replicas 5                                   | 3f+1",
        "--replicas 1                                   | 3f+1",
        "--replicas x                                   | is not an int",
        "--clients -1                                   | --clients must be >= 0",
        "--update-bytes 70000                           | --update-bytes must be in [0, 65536]",
        "--duration 0                                   | --duration must be > 0",
        "--seed 1 --seed 2                              | option '--seed' (N) should be specified only once",
        "--seed 0.5                                     | is not a long",
        "--warmup -1                                    | --warmup must be >= 0",
        "--loss 1.5                                     | --loss is a probability and must be in [0, 1]",
        "--duplicate -0.1                               | --duplicate is a probability",
        "--reorder NaN                                  | --reorder is a probability",
        "--protocol raft                                | 'prime' or 'pbft'",
        "--profile wan                                  | --profile must be 'paper' or 'lan'",
        "--reply-policy all                             | --reply-policy must be 'quorum' or 'home'",
        "--partition 1000:2000                          | START_MS:END_MS:ID",
        "--partition 2000:1000:1                        | END_MS must be after START_MS",
        "--partition 0:1000:4                           | replica id 4 is not in 0..3",
        "--partition 0:1000:0,1,2,3                     | separates nobody",
        "--unstable-from-ms 500 --unstable-until-ms 100 | must not be before --unstable-from-ms",
        "--aggregation-ms 0                             | --aggregation-ms must be > 0",
        "--link-latency-ms -1                           | --link-latency-ms must be >= 0",
        "--bandwidth-mbps -5                            | --bandwidth-mbps must be >= 0",
        "--k-lat 0.5                                    | --k-lat must be in [1, 100]",
        "--k-lat 101                                    | --k-lat must be in [1, 100]",
        "--k-lat Infinity                               | --k-lat",
        "--no-such-option                               | Unknown option",
    })
    void badOptionsAreUsageErrors(String options, String message) {
        String[] args = ("sim " + options.trim()).split(" +");
        CliRun run = CliRun.of(args);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("prime sim: "), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertTrue(run.err().contains("Run 'prime sim --help' for usage."), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertEquals("", run.out());
    }

    @Test
    void partitionsParseToTheIsolatedReplicasAndPrintCanonically() {
        FaultPlan.Partition p = SimCommand.parsePartition("3000:5000:3", 4);
        assertEquals(new FaultPlan.Partition(3_000_000, 5_000_000, 0b1000), p);
        FaultPlan.Partition q = SimCommand.parsePartition(" 0 : 1500.5 : 2, 1 ", 7);
        assertEquals(new FaultPlan.Partition(0, 1_500_500, 0b110), q);
        assertEquals("0:1500.5:1,2", SimCommand.format(q));
        assertEquals("3000:5000:3", SimCommand.format(p));
        assertTrue(p.separates(3, 0, 3_000_000));
        assertFalse(p.separates(1, 0, 3_000_000));
        assertFalse(p.separates(3, 0, 5_000_000));
        for (String bad : List.of("", "1:2", "1:2:", "a:2:1", "1:b:1", "-1:2:1", "5:5:1", "0:1:x", "0:1:1,,2", "0:1:9",
                "1:2:3:4")) {
            assertThrows(IllegalArgumentException.class, () -> SimCommand.parsePartition(bad, 4), bad);
        }
    }

    @Test
    void theReplayCommandCarriesEveryFaultAndNetworkOption() {
        SimConfig c = SimCommand.configFrom("--replicas", "7", "--seed", "9", "--loss", "0.05", "--duplicate", "0.1",
                "--reorder", "0.2", "--reorder-max-ms", "30", "--unstable-from-ms", "1000", "--unstable-until-ms", "4000",
                "--partition", "5000:7000:3,1", "--partition", "8000:9000:0", "--link-latency-ms", "20",
                "--bandwidth-mbps", "12.5", "--aggregation-ms", "5", "--client-timeout-ms", "2000",
                "--reply-policy", "home");
        String replay = c.commandLine();
        for (String expected : List.of("--replicas 7", "--seed 9", "--loss 0.05", "--duplicate 0.1", "--reorder 0.2",
                "--reorder-max-ms 30", "--unstable-from-ms 1000", "--unstable-until-ms 4000",
                "--partition 5000:7000:1,3", "--partition 8000:9000:0", "--link-latency-ms 20",
                "--bandwidth-mbps 12.5", "--aggregation-ms 5", "--client-timeout-ms 2000", "--reply-policy home")) {
            assertTrue(replay.contains(expected), "missing '" + expected + "' in " + replay);
        }
        assertEquals(new FaultPlan(0.05, 0.1, 0.2, 30_000,
                List.of(new FaultPlan.Partition(5_000_000, 7_000_000, 0b1010),
                        new FaultPlan.Partition(8_000_000, 9_000_000, 1)),
                1_000_000, 4_000_000), c.faultPlan);
        SimProfile expectedProfile = SimProfile.paper().withLinkLatencyMicros(20_000).withUplinkBitsPerSecond(12_500_000)
                .withAggregationMicros(5_000).withClientTimeoutMicros(2_000_000);
        assertEquals(expectedProfile, c.profile);

        // Replaying the replay command builds the same configuration and prints the same command.
        SimConfig replayed = fromReplay(replay);
        assertEquals(replay, replayed.commandLine());
        assertEquals(c.faultPlan, replayed.faultPlan);
        assertEquals(c.profile, replayed.profile);
        assertEquals(c.replyPolicy, replayed.replyPolicy);
        assertEquals(c.seed, replayed.seed);
    }

    @Test
    void kLatReachesSuspectLeaderAndTheReplayCommand() {
        assertEquals(1.0, SimCommand.configFrom("--replicas", "7").protocolConfig.kLat, "the default");
        SimConfig c = SimCommand.configFrom("--replicas", "7", "--k-lat", "2.0");
        assertEquals(2.0, c.protocolConfig.kLat);
        assertTrue(c.commandLine().contains("--k-lat 2"), c.commandLine());
        assertEquals(2.0, fromReplay(c.commandLine()).protocolConfig.kLat);
        assertEquals(c.commandLine(), fromReplay(c.commandLine()).commandLine());
    }

    @Test
    void theDefaultUnstableWindowIsTheWholeRunAndIsReplayedWithoutBeingSpelledOut() {
        SimConfig c = SimCommand.configFrom("--loss", "0.1", "--duration", "3", "--warmup", "1.5");
        assertEquals(0, c.faultPlan.startMicros());
        assertEquals(4_500_000, c.faultPlan.endMicros());
        assertFalse(c.commandLine().contains("--unstable"), c.commandLine());
        assertEquals(c.faultPlan, fromReplay(c.commandLine()).faultPlan);
    }

    @Test
    void withoutFaultsOrOverridesNothingExtraIsRecorded() {
        SimConfig c = SimCommand.configFrom("--profile", "lan", "--clients", "3");
        assertEquals(List.of(), c.extraArguments);
        assertEquals(FaultPlan.none().any(), c.faultPlan.any());
        assertEquals(SimProfile.lan(), c.profile);
    }

    private static SimConfig fromReplay(String replay) {
        List<String> words = new ArrayList<>(List.of(replay.split(" ")));
        assertEquals(List.of("./prime", "sim"), words.subList(0, 2));
        return SimCommand.configFrom(words.subList(2, words.size()).toArray(String[]::new));
    }

    @Test
    void anInvariantViolationPrintsTheReportToStderrAndExitsWith3() throws Exception {
        // Replica 2 claims to have executed a different update than everyone else at its 5th position.
        CliRun run = CliRun.of(cl -> ((SimCommand) cl.getSubcommands().get("sim").getCommand()).configCustomizer =
                b -> b.replicaFactory((config, id, signer, hasher) -> {
                    ReplicaCore honest = io.prime.sim.HonestReplicas.prime(config, id, signer, hasher, 1);
                    return id == 2 ? new Lying(honest) : honest;
                }), small("--json", "--loss", "0.01"));
        assertEquals(3, run.exitCode(), run.err());
        ObjectNode j = json(run);
        assertEquals("SAFETY", j.get("violation").get("invariant").asText());
        assertEquals("violated", j.get("safety").asText());
        assertTrue(run.err().contains("seed 1, event #"), run.err());
        assertTrue(run.err().contains("last events:"), run.err());
        assertTrue(run.err().contains("replay with: ./prime sim --protocol prime --replicas 4 --clients 5"
                + " --update-bytes 512 --duration 1 --warmup 0.5 --seed 1 --profile lan --loss 0.01"), run.err());

        CliRun human = CliRun.of(cl -> ((SimCommand) cl.getSubcommands().get("sim").getCommand()).configCustomizer =
                b -> b.replicaFactory((config, id, signer, hasher) -> {
                    ReplicaCore honest = io.prime.sim.HonestReplicas.prime(config, id, signer, hasher, 1);
                    return id == 2 ? new Lying(honest) : honest;
                }), small());
        assertEquals(3, human.exitCode());
        assertTrue(human.out().contains("safety violated"), human.out());
        assertFalse(human.out().contains("replay with:"), "the report goes to stderr only: " + human.out());
        assertTrue(human.err().contains("replay with:"), human.err());
    }

    /**
     * Reports its 5th and 6th executed updates in swapped order: each was submitted and is executed exactly once, so
     * only SAFETY (same update at the same position on every correct replica) can catch it.
     */
    private static final class Lying implements ReplicaCore {
        private final ReplicaCore inner;
        private Executed fifth;

        Lying(ReplicaCore inner) {
            this.inner = inner;
        }

        @Override
        public int id() {
            return inner.id();
        }

        @Override
        public Outputs step(List<io.prime.core.replica.Input> inputs, long nowNanos) {
            Outputs o = inner.step(inputs, nowNanos);
            List<Executed> executed = new ArrayList<>();
            for (Executed e : o.executed()) {
                if (e.executionIndex() == 5) {
                    fifth = e;
                } else if (e.executionIndex() == 6) {
                    executed.add(at(5, e));
                    executed.add(at(6, fifth));
                } else {
                    executed.add(e);
                }
            }
            return new Outputs(o.messages(), executed, o.events(), o.nextWakeupNanos());
        }

        private static Executed at(long index, Executed e) {
            return new Executed(index, e.globalSeq(), e.origin(), e.poSeq(), e.update());
        }

        @Override
        public io.prime.core.Rejections rejections() {
            return inner.rejections();
        }

        @Override
        public io.prime.core.replica.ReplicaStatus status() {
            return inner.status();
        }
    }
}
