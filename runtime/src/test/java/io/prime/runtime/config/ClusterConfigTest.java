package io.prime.runtime.config;

import io.prime.core.config.PrimeConfig;
import io.prime.runtime.edge.ConcurrentVerificationCache;
import io.prime.core.crypto.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigTest {
    @TempDir
    Path dir;

    @Test
    void generatedClusterFilesRoundTripAndKeysAreOwnerOnly() throws Exception {
        ClusterConfig c = ClusterSetup.generate(dir, new ClusterSetup.Spec(4, 3, "127.0.0.1", 7100, 9100, null, TransportConfig.defaults()));
        ClusterConfig loaded = ClusterConfig.load(dir.resolve(ClusterSetup.CLUSTER_FILE));
        assertEquals(c.replicas(), loaded.replicas());
        assertEquals(3, loaded.clientCount());
        assertEquals(c.transport(), loaded.transport());
        assertEquals(c.protocol().prePreparePeriodMicros, loaded.protocol().prePreparePeriodMicros);
        assertEquals(3, loaded.threshold().threshold()); // 2f+1: the VC-PROOF combines 2f+1 shares (§5.3)
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loaded.replicaKeyFile(0))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loaded.clientKeyFile(2))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loaded.keysDir())));
        assertEquals(32, KeyFiles.readPrivate(loaded.replicaKeyFile(3)).length);
        assertThrows(ConfigException.class, () -> ClusterSetup.generate(dir, new ClusterSetup.Spec(4, 3, "127.0.0.1", 7100, 0, null, TransportConfig.defaults())));
        Files.setPosixFilePermissions(loaded.clientKeyFile(1), PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = assertThrows(ConfigException.class, () -> KeyFiles.readPrivate(loaded.clientKeyFile(1)));
        assertTrue(e.getMessage().contains("readable by others"), e.getMessage());
    }

    private static final String MINIMAL = """
            f: 1
            replicas:
              - {id: 0, host: a, port: 1, publicKey: AAAA}
              - {id: 1, host: b, port: 1, publicKey: AAAA}
              - {id: 2, host: c, port: 1, publicKey: AAAA}
              - {id: 3, host: d, port: 1, publicKey: AAAA}
            """;

    @Test
    void leftOutSettingsTakeTheirDefaultsAndTyposAreErrors() {
        ClusterConfig c = ClusterConfig.parse(MINIMAL, dir);
        assertEquals(TransportConfig.defaults(), c.transport());
        assertEquals(PrimeConfig.builder(1).build().prePreparePeriodMicros, c.protocol().prePreparePeriodMicros);
        assertEquals(dir.resolve("keys"), c.keysDir());
        ClusterConfig tuned = ClusterConfig.parse(MINIMAL + "protocol: {prePreparePeriodMicros: 1500}\ntransport: {maxFrameBytes: 65536}\n", dir);
        assertEquals(1500, tuned.protocol().prePreparePeriodMicros);
        assertEquals(65536, tuned.transport().maxFrameBytes());
        assertEquals(65536, tuned.wireLimits().maxFrameBytes());
        assertMessage("unknown setting 'prePreparePeriod'", MINIMAL + "protocol: {prePreparePeriod: 1}\n");
        assertMessage("unknown setting 'maxFrame'", MINIMAL + "transport: {maxFrame: 1}\n");
        assertMessage("maxFrameBytes must be >= 1024", MINIMAL + "transport: {maxFrameBytes: 10}\n");
        assertMessage("unknown key 'replica'", "f: 1\nreplica: []\n");
        assertMessage("needs exactly 7 replicas", MINIMAL.replace("f: 1", "f: 2"));
        assertMessage("must be an integer", MINIMAL + "protocol: {clientWindow: many}\n");
        assertMessage("listed in id order", MINIMAL.replace("{id: 1,", "{id: 5,"));
    }

    private void assertMessage(String expected, String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.parse(yaml, dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theConcurrentVerificationCacheIsBounded() {
        ConcurrentVerificationCache cache = new ConcurrentVerificationCache(100);
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[32];
            b[0] = (byte) i;
            b[1] = (byte) (i >> 8);
            cache.add(Digest.of(b));
        }
        assertTrue(cache.size() <= 100, "size " + cache.size());
        byte[] last = new byte[32];
        last[0] = (byte) 999;
        last[1] = (byte) (999 >> 8);
        assertTrue(cache.contains(Digest.of(last)));
        assertFalse(cache.contains(Digest.of(new byte[32])));
    }
}
