package io.prime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prime sim --protocol pbft}: runs, records its options in the replay command, refuses what it cannot do. */
class PbftSimCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pbftRunReportsAndReplays() throws Exception {
        CliRun run = CliRun.of("sim", "--protocol", "pbft", "--replicas", "4", "--clients", "8", "--duration", "3",
                "--warmup", "1", "--pbft-timeout-ms", "300", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = JSON.readTree(run.out());
        assertEquals("pbft", j.get("protocol").asText());
        assertEquals("ok", j.get("safety").asText());
        assertTrue(j.get("throughput_ups").asDouble() > 10, run.out());
        String replay = j.get("replay").asText();
        assertTrue(replay.contains("--protocol pbft") && replay.contains("--pbft-timeout-ms 300"), replay);
        // the replay command gives the same run
        String[] args = (replay.substring("./prime ".length()) + " --json").split(" ");
        JsonNode again = JSON.readTree(CliRun.of(args).out());
        assertEquals(j.get("events"), again.get("events"));
    }

    @Test
    void attackIsRecordedAndLowersThroughput() throws Exception {
        CliRun run = CliRun.of("sim", "--protocol", "pbft", "--replicas", "4", "--clients", "16", "--duration", "10",
                "--warmup", "1", "--pbft-timeout-ms", "300", "--attack", "pbft-preprepare-delay", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = JSON.readTree(run.out());
        assertTrue(j.get("throughput_ups").asDouble() < 15, run.out());
        assertTrue(j.get("replay").asText().endsWith("--pbft-timeout-ms 300 --attack pbft-preprepare-delay"), j.get("replay").asText());
        assertTrue(j.get("per_replica").get(0).get("faulty").asBoolean());
    }

    @Test
    void usageErrors() {
        assertEquals(2, CliRun.of("sim", "--protocol", "pbtf").exitCode());
        assertEquals(2, CliRun.of("sim", "--protocol", "pbft", "--attack", "leader-delay").exitCode());
        assertEquals(2, CliRun.of("sim", "--pbft-timeout-ms", "300").exitCode());
        assertEquals(2, CliRun.of("sim", "--protocol", "pbft", "--pbft-timeout-ms", "0").exitCode());
        CliRun r = CliRun.of("sim", "--attack", "pbft-preprepare-delay");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--protocol pbft"), r.err());
    }
}
