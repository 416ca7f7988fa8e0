package io.prime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keygen, kv, replica and cluster usage through the command line (the live demo has its own test, LiveDemoTest). */
class RuntimeCommandsTest {
    @TempDir
    Path dir;

    @Test
    void keygenWritesAClusterAndRefusesToOverwriteIt() throws Exception {
        CliRun run = CliRun.of("keygen", "--replicas", "4", "--clients", "5", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(dir.resolve("cluster.yaml")));
        assertTrue(Files.exists(dir.resolve("keys/replica-3.key")));
        assertTrue(Files.exists(dir.resolve("keys/replica-3.bls")));
        assertTrue(Files.exists(dir.resolve("keys/client-4.key")));
        CliRun again = CliRun.of("keygen", "--out", dir.toString());
        assertEquals(PrimeCommand.EXIT_USAGE, again.exitCode());
        assertTrue(again.err().contains("already exists"), again.err());
        CliRun bad = CliRun.of("keygen", "--replicas", "5", "--out", dir.resolve("x").toString());
        assertEquals(PrimeCommand.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("3f+1"), bad.err());
    }

    @Test
    void kvUsageErrorsAreOneClearLine() {
        CliRun run = CliRun.of("kv", "--config", dir.resolve("none.yaml").toString(), "put", "k");
        assertEquals(PrimeCommand.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("put takes 2 arguments"), run.err());
        CliRun unknown = CliRun.of("kv", "--config", dir.resolve("none.yaml").toString(), "frob", "k");
        assertTrue(unknown.err().contains("unknown operation 'frob'"), unknown.err());
        CliRun missing = CliRun.of("kv", "--config", dir.resolve("none.yaml").toString(), "get", "k");
        assertEquals(PrimeCommand.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("cannot read"), missing.err());
        CliRun behaviour = CliRun.of("replica", "--config", dir.resolve("none.yaml").toString(), "--id", "0");
        assertEquals(PrimeCommand.EXIT_USAGE, behaviour.exitCode());
    }

    @Test
    void behaviourNamesAreCheckedBeforeAnythingStarts() throws Exception {
        assertEquals(0, CliRun.of("keygen", "--replicas", "4", "--clients", "2", "--out", dir.toString()).exitCode());
        String config = dir.resolve("cluster.yaml").toString();
        CliRun unknown = CliRun.of("replica", "--config", config, "--id", "0", "--behaviour", "leader-dela");
        assertEquals(PrimeCommand.EXIT_USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown behaviour 'leader-dela'") && unknown.err().contains("leader-delay"),
                unknown.err());
        CliRun dormant = CliRun.of("replica", "--config", config, "--id", "0", "--dormant");
        assertEquals(PrimeCommand.EXIT_USAGE, dormant.exitCode());
        assertTrue(dormant.err().contains("--dormant needs a --behaviour"), dormant.err());
        CliRun cluster = CliRun.of("cluster", "--dir", dir.toString(), "--behaviour", "0=recon+nope");
        assertEquals(PrimeCommand.EXIT_USAGE, cluster.exitCode());
        assertTrue(cluster.err().contains("unknown behaviour 'recon+nope'"), cluster.err());
        CliRun help = CliRun.of("replica", "--help");
        for (String name : new String[] {"leader-delay", "recon", "silent", "garbage", "inconsistent-aru"}) {
            assertTrue(help.out().contains(name), "replica --help does not list " + name + ":\n" + help.out());
        }
    }
}
